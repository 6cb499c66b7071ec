using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>The largest value an unsigned integer expression can have, as far as the kernel verifier can
/// also tell (narrow loads, masks, constant multiplies and shifts), or null when it is unbounded.</summary>
/// <remarks>A packet offset computed at run time must be bounded for the verifier to accept <c>data + offset</c>.</remarks>
/// <example><code>ValueRange.Max((packet[14] &amp; 0x0f) * 4) == 60</code></example>
public static class ValueRange
{
    /// <summary>The upper bound of <paramref name="e"/>, or null; <paramref name="locals"/> gives the bounds of locals.</summary>
    public static long? Max(Expr e, IReadOnlyDictionary<int, long>? locals = null) => e switch
    {
        Constant { Value: >= 0 } c => c.Value,
        Constant => null,
        LocalRef l => locals is not null && locals.TryGetValue(l.Local.Id, out var m) ? m : Narrow(l.Type),
        PacketField { FieldType: { Signed: false } t } => Narrow(t),
        MapVariableRef { Type: IntType { Signed: false } t } => Narrow(t),
        MapValueField { FieldType: { Signed: false } t } => Narrow(t),
        Conversion { TargetType: IntType { Signed: false, Bits: < 64 } t } => Narrow(t),
        Binary { Operator: BinaryOperator.BitAnd } b => Min(Max(b.Left, locals), Max(b.Right, locals)),
        Binary { Operator: BinaryOperator.Add } b => Max(b.Left, locals) is { } x && Max(b.Right, locals) is { } y ? Cap(x + y) : null,
        Binary { Operator: BinaryOperator.Multiply } b => Max(b.Left, locals) is { } x && Max(b.Right, locals) is { } y && (x == 0 || y <= long.MaxValue / x) ? Cap(x * y) : null,
        Binary { Operator: BinaryOperator.ShiftLeft, Right: Constant { Value: >= 0 and < 32 } k } b => Max(b.Left, locals) is { } x && x < 1L << 31 ? Cap(x << (int)k.Value) : null,
        Binary { Operator: BinaryOperator.ShiftRight, Right: Constant { Value: >= 0 and < 64 } k } b when !TypeRules.IsSigned(b.Left.Type) => Max(b.Left, locals) is { } x ? x >> (int)k.Value : null,
        _ => null,
    };

    static long? Narrow(IrType t) => t is IntType { Signed: false, Bits: < 64 } i ? (1L << i.Bits) - 1 : null;

    static long? Min(long? a, long? b) => (a, b) switch { (null, _) => b, (_, null) => a, _ => Math.Min(a.Value, b.Value) };

    static long? Cap(long v) => v <= int.MaxValue ? v : null;
}

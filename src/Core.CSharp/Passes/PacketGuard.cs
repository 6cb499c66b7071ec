using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>A comparison of the packet length with a constant, or with a local plus a constant, read as what it
/// proves: how many bytes there are when the condition holds (<see cref="WhenTrue"/>) or when it fails — counted
/// from the start of the packet, or from the offset held in <see cref="Index"/>.</summary>
/// <remarks>The one place that recognises guards: the bounds check uses it to prove packet accesses,
/// instruction selection to emit the pointer comparison the kernel verifier follows.</remarks>
/// <example><code>
/// PacketGuard.TryMatch(len &gt; 13, out var g)          // g.Bytes == 14, g.WhenTrue, no index
/// PacketGuard.TryMatch(len &gt;= ihl + 20, out var h)   // h.Bytes == 20 from ihl's value
/// </code></example>
public readonly record struct PacketGuard(long Bytes, bool WhenTrue, Local? Index = null)
{
    /// <summary>The most bytes a guard can establish: the verifier tracks packet ranges up to MAX_PACKET_OFF.</summary>
    public const long MaxBytes = 0xffff;

    /// <summary>Recognises <c>length &gt; N</c>, <c>&gt;= N</c>, <c>&lt; N</c>, <c>&lt;= N</c>, with the constant on either
    /// side, and the same with <c>local + N</c> (or <c>N + local</c>) in place of the constant.</summary>
    public static bool TryMatch(Expr condition, out PacketGuard guard)
    {
        guard = default;
        if (condition is not Compare c) return false;
        var (op, bound) = c switch
        {
            { Left: PacketLength, Right: var r } => (c.Operator, r),
            { Left: var l, Right: PacketLength } => (c.Operator.Mirrored(), l),
            _ => (CompareOperator.Equal, (Expr?)null),
        };
        var (index, n) = bound switch
        {
            Constant k => (null, k.Value),
            Binary { Operator: BinaryOperator.Add, Left: LocalRef l, Right: Constant k } => (l.Local, k.Value),
            Binary { Operator: BinaryOperator.Add, Left: Constant k, Right: LocalRef l } => (l.Local, k.Value),
            _ => ((Local?)null, -1L),
        };
        if (n is < 0 or > MaxBytes) return false;
        switch (op)
        {
            case CompareOperator.Greater: guard = new(n + 1, true, index); return true;
            case CompareOperator.GreaterOrEqual: guard = new(n, true, index); return true;
            case CompareOperator.Less: guard = new(n, false, index); return true;
            case CompareOperator.LessOrEqual: guard = new(n + 1, false, index); return true;
            default: return false;
        }
    }

    /// <summary>The conjuncts of <paramref name="condition"/> (<c>a and b and c</c>), left to right.</summary>
    public static IEnumerable<Expr> Conjuncts(Expr condition)
    {
        if (condition is Logical { IsAnd: true } and)
        {
            foreach (var e in Conjuncts(and.Left)) yield return e;
            foreach (var e in Conjuncts(and.Right)) yield return e;
        }
        else yield return condition;
    }
}

using System.Runtime.CompilerServices;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>A value inside an eBPF program being built: a constant, a variable, a packet field, or
/// arithmetic on them. Operators build IR; nothing is computed on the host.</summary>
/// <remarks>
/// <para>Division follows the seed: <c>/</c> is true division and always yields fixed point
/// (<c>n / 5</c> keeps five decimals), <see cref="FloorDiv"/> is floor division and always yields an
/// integer, <c>%</c> is the matching modulo (the sign of the divisor). <see cref="DivTruncating"/> and
/// <see cref="RemTruncating"/> divide like C.</para>
/// <para>Integer constants convert implicitly; a <c>double</c> constant becomes fixed point, rounded to
/// the nearest 1/100000.</para>
/// </remarks>
/// <example><code>
/// If(Packet.H[12] == 8 &amp; Count &lt; 1000, () => Count += 1);
/// Ratio.Set(Hits / Total);            // fixed point
/// Buckets.Set(Bytes.FloorDiv(1500));  // integer
/// </code></example>
public abstract class Expression
{
    private protected Expression() { }

    /// <summary>The IR of this value.</summary>
    internal abstract Expr ToIr();

    /// <summary>The IR of a constant, readable outside a program (for user-space <c>+=</c>).</summary>
    internal virtual Expr ToIrOutsideBuild() => ToIr();

    internal static Expression Of(Expr e) => new IrExpression(e);

    static SourceLocation Here => CallSite.OfOperatorCaller();

    /// <summary>An integer constant.</summary>
    public static implicit operator Expression(long value) => Of(new Constant(value, IrType.I64, SourceLocation.Unknown));
    /// <summary>An integer constant.</summary>
    public static implicit operator Expression(int value) => Of(new Constant(value, IrType.I64, SourceLocation.Unknown));
    /// <summary>An unsigned integer constant (values above <c>long.MaxValue</c> keep their bits as u64).</summary>
    public static implicit operator Expression(ulong value) => Of(new Constant(unchecked((long)value), value > long.MaxValue ? IrType.U64 : IrType.I64, SourceLocation.Unknown));
    /// <summary>An unsigned integer constant.</summary>
    public static implicit operator Expression(uint value) => Of(new Constant(value, IrType.I64, SourceLocation.Unknown));
    /// <summary>A fixed-point constant, rounded to the nearest 1/100000.</summary>
    public static implicit operator Expression(double value) => Of(new Constant(FixedType.ToRaw(value), IrType.Fixed, SourceLocation.Unknown));

    static Expression Binary(BinaryOperator op, Expression a, Expression b, SourceLocation at) => Of(new Binary(op, a.ToIr(), b.ToIr(), at));
    static Condition Compare(CompareOperator op, Expression a, Expression b, SourceLocation at) => new(new Compare(op, a.ToIr(), b.ToIr(), at));

    /// <summary>a + b</summary>
    public static Expression operator +(Expression a, Expression b) => Binary(BinaryOperator.Add, a, b, Here);
    /// <summary>a − b</summary>
    public static Expression operator -(Expression a, Expression b) => Binary(BinaryOperator.Subtract, a, b, Here);
    /// <summary>a × b</summary>
    public static Expression operator *(Expression a, Expression b) => Binary(BinaryOperator.Multiply, a, b, Here);
    /// <summary>True division: the result is fixed point (the seed's <c>/</c>).</summary>
    public static Expression operator /(Expression a, Expression b) => Binary(BinaryOperator.Divide, a, b, Here);
    /// <summary>Modulo with the sign of the divisor (the seed's <c>%</c>).</summary>
    public static Expression operator %(Expression a, Expression b) => Binary(BinaryOperator.Modulo, a, b, Here);
    /// <summary>a &amp; b (bitwise)</summary>
    public static Expression operator &(Expression a, Expression b) => Binary(BinaryOperator.BitAnd, a, b, Here);
    /// <summary>a | b (bitwise)</summary>
    public static Expression operator |(Expression a, Expression b) => Binary(BinaryOperator.BitOr, a, b, Here);
    /// <summary>a ^ b</summary>
    public static Expression operator ^(Expression a, Expression b) => Binary(BinaryOperator.BitXor, a, b, Here);
    /// <summary>a &lt;&lt; b</summary>
    public static Expression operator <<(Expression a, Expression b) => Binary(BinaryOperator.ShiftLeft, a, b, Here);
    /// <summary>a &gt;&gt; b (arithmetic for signed values)</summary>
    public static Expression operator >>(Expression a, Expression b) => Binary(BinaryOperator.ShiftRight, a, b, Here);
    /// <summary>−a</summary>
    public static Expression operator -(Expression a) => Of(new Unary(UnaryOperator.Negate, a.ToIr(), Here));
    /// <summary>~a</summary>
    public static Expression operator ~(Expression a) => Of(new Unary(UnaryOperator.BitNot, a.ToIr(), Here));

    /// <summary>a == b</summary>
    public static Condition operator ==(Expression a, Expression b) => Compare(CompareOperator.Equal, a, b, Here);
    /// <summary>a != b</summary>
    public static Condition operator !=(Expression a, Expression b) => Compare(CompareOperator.NotEqual, a, b, Here);
    /// <summary>a &lt; b</summary>
    public static Condition operator <(Expression a, Expression b) => Compare(CompareOperator.Less, a, b, Here);
    /// <summary>a &lt;= b</summary>
    public static Condition operator <=(Expression a, Expression b) => Compare(CompareOperator.LessOrEqual, a, b, Here);
    /// <summary>a &gt; b</summary>
    public static Condition operator >(Expression a, Expression b) => Compare(CompareOperator.Greater, a, b, Here);
    /// <summary>a &gt;= b</summary>
    public static Condition operator >=(Expression a, Expression b) => Compare(CompareOperator.GreaterOrEqual, a, b, Here);

    /// <summary>Floor division: always an integer, rounded toward −∞ (the seed's <c>//</c>).</summary>
    public Expression FloorDiv(Expression divisor, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        => Binary(BinaryOperator.FloorDivide, this, divisor, CallSite.Of(file, line));

    /// <summary>Division truncating toward zero, as C divides integers.</summary>
    public Expression DivTruncating(Expression divisor, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        => Binary(BinaryOperator.DivideTruncating, this, divisor, CallSite.Of(file, line));

    /// <summary>Remainder with the sign of the dividend, as C computes it.</summary>
    public Expression RemTruncating(Expression divisor, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        => Binary(BinaryOperator.RemainderTruncating, this, divisor, CallSite.Of(file, line));

    /// <summary>|a|</summary>
    public Expression Abs([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => Of(new Unary(UnaryOperator.Abs, ToIr(), CallSite.Of(file, line)));

    /// <summary>The value with its bytes reversed (host ↔ network order for its width).</summary>
    public Expression ByteSwap([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => Of(new Unary(UnaryOperator.ByteSwap, ToIr(), CallSite.Of(file, line)));

    /// <summary>The value as a 64-bit signed integer (fixed point truncates toward zero).</summary>
    public Expression ToInteger([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => Of(new Ir.Conversion(ToIr(), IrType.I64, CallSite.Of(file, line)));

    /// <summary>The value as fixed point.</summary>
    public Expression ToFixed([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => Of(new Ir.Conversion(ToIr(), IrType.Fixed, CallSite.Of(file, line)));

    /// <summary>Identity: <c>==</c> builds a <see cref="Condition"/> of the program, so host-side equality
    /// is that of the builder objects themselves (a variable is itself, wherever it is used).</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc/>
    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    /// <summary>The IR text of the value.</summary>
    public override string ToString() => ToIr().ToString();
}

/// <summary>An expression that is only its IR.</summary>
internal sealed class IrExpression(Expr expr) : Expression
{
    internal override Expr ToIr() => expr;
}

namespace EbpfCat.Ir;

/// <summary>Binary arithmetic operators, with the seed's division rules.</summary>
public enum BinaryOperator
{
    /// <summary>a + b</summary>
    Add,
    /// <summary>a − b</summary>
    Subtract,
    /// <summary>a × b (fixed × fixed rescales)</summary>
    Multiply,
    /// <summary>True division: the result is always fixed point (the seed's <c>/</c>).</summary>
    Divide,
    /// <summary>Floor division: the result is always an integer, rounded toward −∞ (the seed's <c>//</c>).</summary>
    FloorDivide,
    /// <summary>Modulo with the sign of the divisor, so that a == (a floordiv b) × b + a mod b (Python's <c>%</c>).</summary>
    Modulo,
    /// <summary>Division truncating toward zero, as C and the eBPF instructions divide (an integer).</summary>
    DivideTruncating,
    /// <summary>Remainder with the sign of the dividend, as C and the eBPF instructions compute it.</summary>
    RemainderTruncating,
    /// <summary>a &lt;&lt; b</summary>
    ShiftLeft,
    /// <summary>a &gt;&gt; b: arithmetic for signed a, logical for unsigned a.</summary>
    ShiftRight,
    /// <summary>a &amp; b</summary>
    BitAnd,
    /// <summary>a | b</summary>
    BitOr,
    /// <summary>a ^ b</summary>
    BitXor,
}

/// <summary>Unary arithmetic operators.</summary>
public enum UnaryOperator
{
    /// <summary>−a</summary>
    Negate,
    /// <summary>~a</summary>
    BitNot,
    /// <summary>|a|</summary>
    Abs,
    /// <summary>Reverses the bytes of the operand's width (network ↔ host order).</summary>
    ByteSwap,
}

/// <summary><c>left op right</c>; its type follows <see cref="TypeRules.Binary"/>.</summary>
/// <example><code>new Binary(BinaryOperator.Add, count, one, loc)</code></example>
public sealed record Binary(BinaryOperator Operator, Expr Left, Expr Right, SourceLocation Location) : Expr(Location)
{
    // The type, computed once: a deep tree would otherwise compute its leaves' types once per ancestor. It is outside
    // the record's equality, and `with` starts a fresh one (the copy constructor below), so it cannot go stale. (A
    // ConditionalWeakTable did this before; its dependent handles made every garbage collection of a long-running
    // compiling process slower, until collections took most of its time.)
    IrType? type;

    Binary(Binary original) : base(original)
    {
        Operator = original.Operator;
        Left = original.Left;
        Right = original.Right;
    }

    /// <inheritdoc/>
    public override IrType Type => type ??= TypeRules.Binary(Operator, Left, Right);

    /// <inheritdoc/>
    public bool Equals(Binary? other) => other is not null && base.Equals(other) && Operator == other.Operator && Left.Equals(other.Left) && Right.Equals(other.Right);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Operator, Left, Right);
    /// <inheritdoc/>
    public override string ToString() => $"({Left} {Operator} {Right})";
}

/// <summary><c>op operand</c>.</summary>
public sealed record Unary(UnaryOperator Operator, Expr Operand, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => TypeRules.Unary(Operator, Operand);
    /// <inheritdoc/>
    public override string ToString() => $"{Operator}({Operand})";
}

/// <summary>A value converted to another type: integer widths truncate or extend, fixed → integer
/// truncates toward zero, integer → fixed scales.</summary>
public sealed record Conversion(Expr Operand, IrType TargetType, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => TargetType;
    /// <inheritdoc/>
    public override string ToString() => $"({TargetType}){Operand}";
}

/// <summary>A call of a kernel helper by number with up to five arguments.</summary>
/// <example><code>new HelperCall(5, [], IrType.U64, loc) // bpf_ktime_get_ns()</code></example>
public sealed record HelperCall(int Helper, EquatableArray<Expr> Arguments, IrType ReturnType, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => ReturnType;
    /// <inheritdoc/>
    public override string ToString() => $"helper{Helper}({string.Join(", ", Arguments)})";
}

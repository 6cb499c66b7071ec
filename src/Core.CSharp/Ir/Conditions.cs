namespace EbpfCat.Ir;

/// <summary>Comparison operators; signedness comes from the operands' types.</summary>
public enum CompareOperator
{
    /// <summary>==</summary>
    Equal,
    /// <summary>!=</summary>
    NotEqual,
    /// <summary>&lt;</summary>
    Less,
    /// <summary>&lt;=</summary>
    LessOrEqual,
    /// <summary>&gt;</summary>
    Greater,
    /// <summary>&gt;=</summary>
    GreaterOrEqual,
}

/// <summary>The comparisons that mean the opposite, or the same with the operands swapped.</summary>
/// <example><code>CompareOperator.Less.Negated() == CompareOperator.GreaterOrEqual; CompareOperator.Less.Mirrored() == CompareOperator.Greater</code></example>
public static class CompareOperatorExtensions
{
    /// <summary>The operator true exactly when <paramref name="op"/> is false.</summary>
    public static CompareOperator Negated(this CompareOperator op) => op switch
    {
        CompareOperator.Equal => CompareOperator.NotEqual,
        CompareOperator.NotEqual => CompareOperator.Equal,
        CompareOperator.Less => CompareOperator.GreaterOrEqual,
        CompareOperator.LessOrEqual => CompareOperator.Greater,
        CompareOperator.Greater => CompareOperator.LessOrEqual,
        _ => CompareOperator.Less,
    };

    /// <summary>The operator for swapped operands: <c>a &lt; b</c> is <c>b &gt; a</c>.</summary>
    public static CompareOperator Mirrored(this CompareOperator op) => op switch
    {
        CompareOperator.Less => CompareOperator.Greater,
        CompareOperator.LessOrEqual => CompareOperator.GreaterOrEqual,
        CompareOperator.Greater => CompareOperator.Less,
        CompareOperator.GreaterOrEqual => CompareOperator.LessOrEqual,
        _ => op,
    };
}

/// <summary><c>left op right</c> as a condition.</summary>
/// <example><code>new Compare(CompareOperator.Greater, new PacketLength(loc), new Constant(14, IrType.U64, loc), loc)</code></example>
public sealed record Compare(CompareOperator Operator, Expr Left, Expr Right, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => IrType.Bool;
    /// <summary>True when the comparison is signed (either operand signed or fixed point).</summary>
    public bool IsSigned => TypeRules.IsSignedOperation(Left, Right);
    /// <inheritdoc/>
    public override string ToString() => $"({Left} {Operator} {Right})";
}

/// <summary>Short-circuit <c>and</c> / <c>or</c> of two conditions.</summary>
public sealed record Logical(bool IsAnd, Expr Left, Expr Right, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => IrType.Bool;
    /// <inheritdoc/>
    public override string ToString() => $"({Left} {(IsAnd ? "and" : "or")} {Right})";
}

/// <summary>The negation of a condition.</summary>
public sealed record Not(Expr Operand, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => IrType.Bool;
    /// <inheritdoc/>
    public override string ToString() => $"not {Operand}";
}

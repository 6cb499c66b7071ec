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

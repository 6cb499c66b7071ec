namespace EbpfCat.Ir;

/// <summary>An IR statement: assignment, atomic add, if/else, exit, evaluation of a call, or a block.</summary>
/// <remarks>Control flow is structured; loops of the host language were unrolled while building.</remarks>
public abstract record Stmt(SourceLocation Location)
{
    /// <inheritdoc/>
    public virtual bool Equals(Stmt? other) => other is not null && EqualityContract == other.EqualityContract;

    /// <inheritdoc/>
    public override int GetHashCode() => EqualityContract.GetHashCode();
}

/// <summary><c>target = value</c>; the target is a local, a map variable or a packet field.</summary>
/// <example><code>new Assign(fixedVar, new Constant(350000, IrType.Fixed, loc), loc)</code></example>
public sealed record Assign(Expr Target, Expr Value, SourceLocation Location) : Stmt(Location)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Target} = {Value}";
}

/// <summary><c>target += value</c> as one atomic operation (4- and 8-byte map variables).</summary>
public sealed record AtomicAdd(Expr Target, Expr Value, SourceLocation Location) : Stmt(Location)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Target} += {Value} (atomic)";
}

/// <summary><c>if (condition) then else otherwise</c>.</summary>
public sealed record If(Expr Condition, Block Then, Block Else, SourceLocation Location) : Stmt(Location)
{
    /// <inheritdoc/>
    public override string ToString() => $"if {Condition}";
}

/// <summary>Ends the program with <see cref="Value"/> as its return value.</summary>
public sealed record Exit(Expr Value, SourceLocation Location) : Stmt(Location)
{
    /// <inheritdoc/>
    public override string ToString() => $"exit {Value}";
}

/// <summary>Evaluates an expression for its effect (a helper call).</summary>
public sealed record Evaluate(Expr Expression, SourceLocation Location) : Stmt(Location)
{
    /// <inheritdoc/>
    public override string ToString() => $"eval {Expression}";
}

/// <summary>A sequence of statements.</summary>
public sealed record Block(EquatableArray<Stmt> Statements, SourceLocation Location) : Stmt(Location)
{
    /// <summary>An empty block.</summary>
    public static Block Empty(SourceLocation location) => new([], location);

    /// <summary>True when the block has no statements.</summary>
    public bool IsEmpty => Statements.Count == 0;

    /// <inheritdoc/>
    public override string ToString() => $"{{ {Statements.Count} statements }}";
}

namespace EbpfCat.Ir;

/// <summary>An IR expression: an immutable tree node with a type and the user's source location.</summary>
/// <remarks>The family is closed: constants, references (locals, map variables, packet and context
/// fields, the packet length), arithmetic, conversions, conditions and helper calls. Nodes are
/// made by the front ends and rewritten by passes,
/// which return the same instance when nothing changed.</remarks>
public abstract record Expr(SourceLocation Location)
{
    /// <summary>The value's type.</summary>
    public abstract IrType Type { get; }

    /// <summary>True for expressions that can be assigned to: locals, map variables, packet fields.</summary>
    public virtual bool IsAssignable => false;

    // Locations are where a node came from, not what it means: two nodes are equal when they mean the same.
    /// <inheritdoc/>
    public virtual bool Equals(Expr? other) => other is not null && EqualityContract == other.EqualityContract;

    /// <inheritdoc/>
    public override int GetHashCode() => EqualityContract.GetHashCode();
}

/// <summary>A constant; for fixed point <see cref="Value"/> is the raw scaled integer.</summary>
/// <example><code>new Constant(350000, IrType.Fixed, loc) // 3.5</code></example>
public sealed record Constant(long Value, IrType ConstantType, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => ConstantType;
    /// <inheritdoc/>
    public override string ToString() => ConstantType is FixedType ? $"{FixedType.FromRaw(Value)}x" : $"{Value}:{ConstantType}";
}

/// <summary>The value of a local variable.</summary>
public sealed record LocalRef(Local Local, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => Local.Type;
    /// <inheritdoc/>
    public override bool IsAssignable => true;
    /// <inheritdoc/>
    public override string ToString() => Local.ToString();
}

/// <summary>A variable in a map, shared with user space.</summary>
public sealed record MapVariableRef(MapVariable Variable, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => Variable.Type;
    /// <inheritdoc/>
    public override bool IsAssignable => true;
    /// <inheritdoc/>
    public override string ToString() => Variable.ToString();
}

/// <summary>A field of the packet at <see cref="Offset"/> bytes (plus <see cref="Index"/> when given),
/// read in CPU byte order or, with <see cref="NetworkOrder"/>, converted from network byte order.</summary>
/// <example><code>new PacketField(null, 12, IrType.U16, NetworkOrder: true, loc) // the EtherType</code></example>
public sealed record PacketField(Expr? Index, int Offset, IntType FieldType, bool NetworkOrder, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => FieldType;
    /// <inheritdoc/>
    public override bool IsAssignable => true;
    /// <summary>The first byte past the field, counted from the index.</summary>
    public int End => Offset + FieldType.Size;
    /// <inheritdoc/>
    public override string ToString() => $"packet[{(Index is null ? "" : $"{Index} + ")}{Offset}]:{FieldType}{(NetworkOrder ? "!" : "")}";
}

/// <summary>The packet's length in bytes (data_end − data); comparing it opens a guarded block.</summary>
public sealed record PacketLength(SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => IrType.U64;
    /// <inheritdoc/>
    public override string ToString() => "packet.length";
}

/// <summary>A field of the program's context (for XDP, <c>struct xdp_md</c>).</summary>
public sealed record ContextField(int Offset, IntType FieldType, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => FieldType;
    /// <inheritdoc/>
    public override string ToString() => $"ctx[{Offset}]:{FieldType}";
}

namespace EbpfCat.Ir;

/// <summary>A lookup of <see cref="Key"/> in <see cref="Map"/> (bpf_map_lookup_elem): a pointer to the value,
/// or null when the key is missing — so it must be checked against null before use.</summary>
/// <example><code>new MapLookup(flows, key, loc) // then: if (p != null) p->value += 1</code></example>
public sealed record MapLookup(MapDeclaration Map, Expr Key, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => MapValuePointer;

    /// <summary>The type of a map-value pointer.</summary>
    public static readonly PointerType MapValuePointer = new(PointerTarget.MapValue);

    /// <inheritdoc/>
    public override string ToString() => $"lookup({Map.Name}, {Key})";
}

/// <summary>A field of a map value, reached through a pointer a <see cref="MapLookup"/> returned.</summary>
/// <example><code>new MapValueField(entry, 0, IrType.U64, loc)</code></example>
public sealed record MapValueField(Expr Pointer, int Offset, IntType FieldType, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => FieldType;
    /// <inheritdoc/>
    public override bool IsAssignable => true;
    /// <inheritdoc/>
    public override string ToString() => $"{Pointer}->[{Offset}]:{FieldType}";
}

/// <summary>Stores <see cref="Value"/> under <see cref="Key"/> (bpf_map_update_elem with <see cref="Flags"/>:
/// 0 any, 1 only a new key, 2 only an existing key); its value is 0 or a negative errno.</summary>
public sealed record MapUpdate(MapDeclaration Map, Expr Key, Expr Value, long Flags, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => IrType.I64;
    /// <inheritdoc/>
    public override string ToString() => $"update({Map.Name}, {Key}, {Value}, {Flags})";
}

/// <summary>Removes <see cref="Key"/> (bpf_map_delete_elem); its value is 0 or a negative errno (−ENOENT when missing).</summary>
public sealed record MapDelete(MapDeclaration Map, Expr Key, SourceLocation Location) : Expr(Location)
{
    /// <inheritdoc/>
    public override IrType Type => IrType.I64;
    /// <inheritdoc/>
    public override string ToString() => $"delete({Map.Name}, {Key})";
}

namespace EbpfCat.Ir;

/// <summary>A map the program uses: its kind and geometry, as the loader will create it.</summary>
/// <example><code>var globals = new MapDeclaration("globals", MapKind.Array, KeySize: 4, ValueSize: 16, MaxEntries: 1);</code></example>
public sealed record MapDeclaration(string Name, MapKind Kind, int KeySize, int ValueSize, int MaxEntries)
{
    /// <summary>True for a hash map of variables: the loader creates every key from 0 to
    /// <see cref="MaxEntries"/> − 1 with a zero value, so the program finds each variable's entry and its
    /// <c>+=</c> is a lookup and an atomic add, never a racing insert.</summary>
    public bool HoldsVariables { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"map {Name}: {Kind} key {KeySize} value {ValueSize} entries {MaxEntries}";
}

/// <summary>A named variable inside a map: in an array map at <see cref="Offset"/> of element 0,
/// in a hash map the value behind key <see cref="Key"/> (8 bytes each, as in the seed).</summary>
/// <example><code>var count = new MapVariable(globals, "count", IrType.U64, Offset: 0, Key: 0);</code></example>
public sealed record MapVariable(MapDeclaration Map, string Name, IrType Type, int Offset, long Key)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Map.Name}.{Name}";
}

namespace EbpfCat.Maps;

/// <summary>What BPF_MAP_CREATE needs to make a map: kind, key and value sizes, capacity, flags and name.</summary>
/// <param name="Type">The kind of map.</param>
/// <param name="KeySize">Key size in bytes (4 for arrays; 0 for queues, stacks, ring buffers, Bloom filters).</param>
/// <param name="ValueSize">Value size in bytes; for per-CPU maps the size of one CPU's value.</param>
/// <param name="MaxEntries">Capacity (for ring buffers, the size in bytes; for arenas, pages).</param>
/// <example><code>var counters = new MapDefinition(MapType.Hash, 4, 8, 1024) { Name = "counters" };</code></example>
public sealed record MapDefinition(MapType Type, int KeySize, int ValueSize, int MaxEntries)
{
    /// <summary>Creation flags.</summary>
    public MapFlags Flags { get; init; }

    /// <summary>The name the kernel shows (at most 15 characters of [A-Za-z0-9_.]; kernel 4.15), or null.</summary>
    public string? Name { get; init; }

    /// <summary>The NUMA node to allocate on; used only with <see cref="MapFlags.NumaNode"/>.</summary>
    public int NumaNode { get; init; }

    /// <summary>A map whose shape the inner maps of an array-of-maps or hash-of-maps must have.</summary>
    public BpfMap? InnerMap { get; init; }

    /// <summary>Type-specific extra (<c>map_extra</c>, kernel 5.16): the number of hash functions of a Bloom filter, the address of an arena.</summary>
    public ulong Extra { get; init; }
}

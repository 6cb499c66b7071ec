namespace EbpfCat.Ir;

/// <summary>The kinds of map a program declares; each becomes a kernel map of that type.</summary>
/// <example><code>new MapDeclaration("counters", MapKind.Array, 4, 16, 1)</code></example>
public enum MapKind
{
    /// <summary>BPF_MAP_TYPE_ARRAY: variables at fixed offsets of one value, reached by a direct map-value load, mmap'd by user space.</summary>
    Array,
    /// <summary>BPF_MAP_TYPE_HASH: every access a lookup or update.</summary>
    Hash,
    /// <summary>BPF_MAP_TYPE_PERCPU_ARRAY: one copy per CPU; user space sees each and their sum.</summary>
    PerCpuArray,
    /// <summary>BPF_MAP_TYPE_PERCPU_HASH: one copy per CPU behind each key.</summary>
    PerCpuHash,
}

namespace EbpfCat.Maps;

/// <summary>Flags for BPF_MAP_CREATE (uapi <c>BPF_F_*</c> map flags), with the kernel that introduced each.</summary>
/// <example><code>BpfMap.Create(MapType.Array, 4, 8, 1, MapFlags.Mmapable)</code></example>
[Flags]
public enum MapFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>BPF_F_NO_PREALLOC: allocate hash elements on demand instead of up front (kernel 4.6).</summary>
    NoPrealloc = 1u << 0,
    /// <summary>BPF_F_NO_COMMON_LRU: one LRU list per CPU (kernel 4.10).</summary>
    NoCommonLru = 1u << 1,
    /// <summary>BPF_F_NUMA_NODE: allocate on the NUMA node given in the definition (kernel 4.14).</summary>
    NumaNode = 1u << 2,
    /// <summary>BPF_F_RDONLY: the fd is read-only for user space (kernel 4.15).</summary>
    ReadOnly = 1u << 3,
    /// <summary>BPF_F_WRONLY: the fd is write-only for user space (kernel 4.15).</summary>
    WriteOnly = 1u << 4,
    /// <summary>BPF_F_STACK_BUILD_ID: stack traces hold build ids (kernel 4.17).</summary>
    StackBuildId = 1u << 5,
    /// <summary>BPF_F_ZERO_SEED: hash with a zero seed, for tests (kernel 5.0).</summary>
    ZeroSeed = 1u << 6,
    /// <summary>BPF_F_RDONLY_PROG: programs may only read the map (kernel 5.2).</summary>
    ReadOnlyProgram = 1u << 7,
    /// <summary>BPF_F_WRONLY_PROG: programs may only write the map (kernel 5.2).</summary>
    WriteOnlyProgram = 1u << 8,
    /// <summary>BPF_F_CLONE: clone socket storage on accept (kernel 5.4).</summary>
    Clone = 1u << 9,
    /// <summary>BPF_F_MMAPABLE: the array can be memory-mapped into user space (kernel 5.5).</summary>
    Mmapable = 1u << 10,
    /// <summary>BPF_F_PRESERVE_ELEMS: keep perf event array elements when the fd closes (kernel 5.10).</summary>
    PreserveElements = 1u << 11,
    /// <summary>BPF_F_INNER_MAP: inner maps may differ in max entries (kernel 5.10).</summary>
    InnerMap = 1u << 12,
}

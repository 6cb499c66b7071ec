namespace EbpfCat.Maps;

/// <summary>The kinds of BPF map (uapi <c>enum bpf_map_type</c>), with the kernel that introduced each.</summary>
/// <example><code>using var map = BpfMap.Create(MapType.PerCpuArray, 4, 8, 1);</code></example>
public enum MapType : uint
{
    /// <summary>BPF_MAP_TYPE_UNSPEC: not a map type.</summary>
    Unspecified = 0,
    /// <summary>BPF_MAP_TYPE_HASH: a hash table (kernel 3.19).</summary>
    Hash = 1,
    /// <summary>BPF_MAP_TYPE_ARRAY: a fixed array indexed by a 4-byte key (kernel 3.19).</summary>
    Array = 2,
    /// <summary>BPF_MAP_TYPE_PROG_ARRAY: program fds for tail calls (kernel 4.2).</summary>
    ProgramArray = 3,
    /// <summary>BPF_MAP_TYPE_PERF_EVENT_ARRAY: perf event fds for bpf_perf_event_output (kernel 4.3).</summary>
    PerfEventArray = 4,
    /// <summary>BPF_MAP_TYPE_PERCPU_HASH: a hash table with one value per possible CPU (kernel 4.6).</summary>
    PerCpuHash = 5,
    /// <summary>BPF_MAP_TYPE_PERCPU_ARRAY: an array with one value per possible CPU (kernel 4.6).</summary>
    PerCpuArray = 6,
    /// <summary>BPF_MAP_TYPE_STACK_TRACE: stack traces by id (kernel 4.6).</summary>
    StackTrace = 7,
    /// <summary>BPF_MAP_TYPE_CGROUP_ARRAY: cgroup fds (kernel 4.8).</summary>
    CgroupArray = 8,
    /// <summary>BPF_MAP_TYPE_LRU_HASH: a hash table evicting least recently used elements (kernel 4.10).</summary>
    LruHash = 9,
    /// <summary>BPF_MAP_TYPE_LRU_PERCPU_HASH: a per-CPU LRU hash table (kernel 4.10).</summary>
    LruPerCpuHash = 10,
    /// <summary>BPF_MAP_TYPE_LPM_TRIE: longest-prefix-match trie (kernel 4.11).</summary>
    LpmTrie = 11,
    /// <summary>BPF_MAP_TYPE_ARRAY_OF_MAPS: an array of inner maps (kernel 4.12).</summary>
    ArrayOfMaps = 12,
    /// <summary>BPF_MAP_TYPE_HASH_OF_MAPS: a hash table of inner maps (kernel 4.12).</summary>
    HashOfMaps = 13,
    /// <summary>BPF_MAP_TYPE_DEVMAP: network devices for XDP redirect (kernel 4.14).</summary>
    DevMap = 14,
    /// <summary>BPF_MAP_TYPE_SOCKMAP: sockets for redirect (kernel 4.14).</summary>
    SockMap = 15,
    /// <summary>BPF_MAP_TYPE_CPUMAP: CPUs for XDP redirect (kernel 4.15).</summary>
    CpuMap = 16,
    /// <summary>BPF_MAP_TYPE_XSKMAP: AF_XDP sockets (kernel 4.18).</summary>
    XskMap = 17,
    /// <summary>BPF_MAP_TYPE_SOCKHASH: sockets by key (kernel 4.18).</summary>
    SockHash = 18,
    /// <summary>BPF_MAP_TYPE_CGROUP_STORAGE: per-cgroup storage, the original kind (kernel 4.19).</summary>
    CgroupStorage = 19,
    /// <summary>BPF_MAP_TYPE_REUSEPORT_SOCKARRAY: sockets for SO_REUSEPORT selection (kernel 4.19).</summary>
    ReuseportSockArray = 20,
    /// <summary>BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE: per-CPU per-cgroup storage (kernel 4.20).</summary>
    PerCpuCgroupStorage = 21,
    /// <summary>BPF_MAP_TYPE_QUEUE: a FIFO queue without keys (kernel 4.20).</summary>
    Queue = 22,
    /// <summary>BPF_MAP_TYPE_STACK: a LIFO stack without keys (kernel 4.20).</summary>
    Stack = 23,
    /// <summary>BPF_MAP_TYPE_SK_STORAGE: per-socket storage (kernel 5.2; needs BTF).</summary>
    SocketStorage = 24,
    /// <summary>BPF_MAP_TYPE_DEVMAP_HASH: network devices by key (kernel 5.4).</summary>
    DevMapHash = 25,
    /// <summary>BPF_MAP_TYPE_STRUCT_OPS: kernel struct implementations (kernel 5.6; needs BTF).</summary>
    StructOps = 26,
    /// <summary>BPF_MAP_TYPE_RINGBUF: a ring buffer to user space (kernel 5.8).</summary>
    RingBuffer = 27,
    /// <summary>BPF_MAP_TYPE_INODE_STORAGE: per-inode storage (kernel 5.10; needs BTF).</summary>
    InodeStorage = 28,
    /// <summary>BPF_MAP_TYPE_TASK_STORAGE: per-task storage (kernel 5.11; needs BTF).</summary>
    TaskStorage = 29,
    /// <summary>BPF_MAP_TYPE_BLOOM_FILTER: a Bloom filter (kernel 5.16).</summary>
    BloomFilter = 30,
    /// <summary>BPF_MAP_TYPE_USER_RINGBUF: a ring buffer from user space (kernel 6.1).</summary>
    UserRingBuffer = 31,
    /// <summary>BPF_MAP_TYPE_CGRP_STORAGE: per-cgroup local storage (kernel 6.2; needs BTF).</summary>
    CgroupLocalStorage = 32,
    /// <summary>BPF_MAP_TYPE_ARENA: memory shared by programs and user space, in pages (kernel 6.9).</summary>
    Arena = 33,
}

/// <summary>Facts about <see cref="MapType"/> values that user-space access depends on.</summary>
public static class MapTypeExtensions
{
    /// <summary>True for the kinds that hold one value per possible CPU, which user space reads and writes all at once.</summary>
    /// <example><code>MapType.PerCpuHash.IsPerCpu() == true</code></example>
    public static bool IsPerCpu(this MapType type)
        => type is MapType.PerCpuHash or MapType.PerCpuArray or MapType.LruPerCpuHash or MapType.PerCpuCgroupStorage;
}

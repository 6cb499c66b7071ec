namespace EbpfCat.Loader;

/// <summary>The kinds of BPF link (uapi <c>enum bpf_link_type</c>), with the kernel that introduced each.</summary>
/// <example><code>link.Info.Type == LinkType.Cgroup</code></example>
public enum LinkType : uint
{
    /// <summary>BPF_LINK_TYPE_UNSPEC.</summary>
    Unspecified = 0,
    /// <summary>BPF_LINK_TYPE_RAW_TRACEPOINT (kernel 5.8).</summary>
    RawTracepoint = 1,
    /// <summary>BPF_LINK_TYPE_TRACING (kernel 5.8).</summary>
    Tracing = 2,
    /// <summary>BPF_LINK_TYPE_CGROUP (kernel 5.8).</summary>
    Cgroup = 3,
    /// <summary>BPF_LINK_TYPE_ITER (kernel 5.8).</summary>
    Iterator = 4,
    /// <summary>BPF_LINK_TYPE_NETNS (kernel 5.8).</summary>
    NetworkNamespace = 5,
    /// <summary>BPF_LINK_TYPE_XDP (kernel 5.9).</summary>
    Xdp = 6,
    /// <summary>BPF_LINK_TYPE_PERF_EVENT (kernel 5.15).</summary>
    PerfEvent = 7,
    /// <summary>BPF_LINK_TYPE_KPROBE_MULTI (kernel 5.18).</summary>
    KprobeMulti = 8,
    /// <summary>BPF_LINK_TYPE_STRUCT_OPS (kernel 6.0).</summary>
    StructOps = 9,
    /// <summary>BPF_LINK_TYPE_NETFILTER (kernel 6.4).</summary>
    Netfilter = 10,
    /// <summary>BPF_LINK_TYPE_TCX (kernel 6.6).</summary>
    Tcx = 11,
    /// <summary>BPF_LINK_TYPE_UPROBE_MULTI (kernel 6.6).</summary>
    UprobeMulti = 12,
    /// <summary>BPF_LINK_TYPE_NETKIT (kernel 6.7).</summary>
    Netkit = 13,
}

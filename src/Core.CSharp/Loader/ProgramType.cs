namespace EbpfCat.Loader;

/// <summary>The kinds of BPF program (uapi <c>enum bpf_prog_type</c>), with the kernel that introduced each.</summary>
/// <example><code>using var program = BpfProgram.Load(ProgramType.Xdp, instructions);</code></example>
public enum ProgramType : uint
{
    /// <summary>BPF_PROG_TYPE_UNSPEC: not a program type.</summary>
    Unspecified = 0,
    /// <summary>BPF_PROG_TYPE_SOCKET_FILTER: filters socket traffic (kernel 3.19).</summary>
    SocketFilter = 1,
    /// <summary>BPF_PROG_TYPE_KPROBE: runs on kprobes and uprobes (kernel 4.1).</summary>
    Kprobe = 2,
    /// <summary>BPF_PROG_TYPE_SCHED_CLS: a tc classifier (kernel 4.1).</summary>
    SchedCls = 3,
    /// <summary>BPF_PROG_TYPE_SCHED_ACT: a tc action (kernel 4.1).</summary>
    SchedAct = 4,
    /// <summary>BPF_PROG_TYPE_TRACEPOINT: runs on a tracepoint (kernel 4.7).</summary>
    Tracepoint = 5,
    /// <summary>BPF_PROG_TYPE_XDP: runs on each received packet at the driver (eXpress Data Path) (kernel 4.8).</summary>
    Xdp = 6,
    /// <summary>BPF_PROG_TYPE_PERF_EVENT: runs on perf events (kernel 4.9).</summary>
    PerfEvent = 7,
    /// <summary>BPF_PROG_TYPE_CGROUP_SKB: filters a cgroup's packets (kernel 4.10).</summary>
    CgroupSkb = 8,
    /// <summary>BPF_PROG_TYPE_CGROUP_SOCK: runs on a cgroup's socket creation (kernel 4.10).</summary>
    CgroupSock = 9,
    /// <summary>BPF_PROG_TYPE_LWT_IN: lightweight tunnel input (kernel 4.10).</summary>
    LwtIn = 10,
    /// <summary>BPF_PROG_TYPE_LWT_OUT: lightweight tunnel output (kernel 4.10).</summary>
    LwtOut = 11,
    /// <summary>BPF_PROG_TYPE_LWT_XMIT: lightweight tunnel transmit (kernel 4.10).</summary>
    LwtXmit = 12,
    /// <summary>BPF_PROG_TYPE_SOCK_OPS: TCP socket operations (kernel 4.13).</summary>
    SockOps = 13,
    /// <summary>BPF_PROG_TYPE_SK_SKB: sockmap stream parser and verdict (kernel 4.14).</summary>
    SkSkb = 14,
    /// <summary>BPF_PROG_TYPE_CGROUP_DEVICE: a cgroup's device access (kernel 4.15).</summary>
    CgroupDevice = 15,
    /// <summary>BPF_PROG_TYPE_SK_MSG: sockmap message verdict (kernel 4.17).</summary>
    SkMsg = 16,
    /// <summary>BPF_PROG_TYPE_RAW_TRACEPOINT: runs on a raw tracepoint (kernel 4.17).</summary>
    RawTracepoint = 17,
    /// <summary>BPF_PROG_TYPE_CGROUP_SOCK_ADDR: a cgroup's bind and connect (kernel 4.17).</summary>
    CgroupSockAddr = 18,
    /// <summary>BPF_PROG_TYPE_LWT_SEG6LOCAL: SRv6 local actions (kernel 4.18).</summary>
    LwtSeg6Local = 19,
    /// <summary>BPF_PROG_TYPE_LIRC_MODE2: infrared decoding (kernel 4.18).</summary>
    LircMode2 = 20,
    /// <summary>BPF_PROG_TYPE_SK_REUSEPORT: SO_REUSEPORT socket selection (kernel 4.19).</summary>
    SkReuseport = 21,
    /// <summary>BPF_PROG_TYPE_FLOW_DISSECTOR: flow dissection (kernel 4.20).</summary>
    FlowDissector = 22,
    /// <summary>BPF_PROG_TYPE_CGROUP_SYSCTL: a cgroup's sysctl access (kernel 5.2).</summary>
    CgroupSysctl = 23,
    /// <summary>BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE: a raw tracepoint that may write its buffer (kernel 5.2).</summary>
    RawTracepointWritable = 24,
    /// <summary>BPF_PROG_TYPE_CGROUP_SOCKOPT: a cgroup's getsockopt and setsockopt (kernel 5.3).</summary>
    CgroupSockopt = 25,
    /// <summary>BPF_PROG_TYPE_TRACING: fentry, fexit and iterators (needs BTF) (kernel 5.5).</summary>
    Tracing = 26,
    /// <summary>BPF_PROG_TYPE_STRUCT_OPS: implements a kernel struct's operations (needs BTF) (kernel 5.6).</summary>
    StructOps = 27,
    /// <summary>BPF_PROG_TYPE_EXT: replaces a function of another program (needs BTF) (kernel 5.6).</summary>
    Extension = 28,
    /// <summary>BPF_PROG_TYPE_LSM: a Linux security module hook (needs BTF) (kernel 5.7).</summary>
    Lsm = 29,
    /// <summary>BPF_PROG_TYPE_SK_LOOKUP: socket lookup (kernel 5.9).</summary>
    SkLookup = 30,
    /// <summary>BPF_PROG_TYPE_SYSCALL: a program that runs bpf() itself (kernel 5.14).</summary>
    Syscall = 31,
    /// <summary>BPF_PROG_TYPE_NETFILTER: a netfilter hook (kernel 6.4).</summary>
    Netfilter = 32,
}

namespace EbpfCat.Loader;

/// <summary>Where a program attaches (uapi <c>enum bpf_attach_type</c>), with the kernel that introduced each;
/// also the expected attach type some program types must name at load time.</summary>
/// <example><code>BpfLink.Create(program, cgroupFd, AttachType.CgroupInetIngress)</code></example>
public enum AttachType : uint
{
    /// <summary>BPF_CGROUP_INET_INGRESS: packets entering a cgroup (kernel 4.10).</summary>
    CgroupInetIngress = 0,
    /// <summary>BPF_CGROUP_INET_EGRESS: packets leaving a cgroup (kernel 4.10).</summary>
    CgroupInetEgress = 1,
    /// <summary>BPF_CGROUP_INET_SOCK_CREATE: socket creation in a cgroup (kernel 4.10).</summary>
    CgroupInetSockCreate = 2,
    /// <summary>BPF_CGROUP_SOCK_OPS: TCP socket operations in a cgroup (kernel 4.13).</summary>
    CgroupSockOps = 3,
    /// <summary>BPF_SK_SKB_STREAM_PARSER: sockmap stream parser (kernel 4.14).</summary>
    SkSkbStreamParser = 4,
    /// <summary>BPF_SK_SKB_STREAM_VERDICT: sockmap stream verdict (kernel 4.14).</summary>
    SkSkbStreamVerdict = 5,
    /// <summary>BPF_CGROUP_DEVICE: device access in a cgroup (kernel 4.15).</summary>
    CgroupDevice = 6,
    /// <summary>BPF_SK_MSG_VERDICT: sockmap message verdict (kernel 4.17).</summary>
    SkMsgVerdict = 7,
    /// <summary>BPF_CGROUP_INET4_BIND: IPv4 bind in a cgroup (kernel 4.17).</summary>
    CgroupInet4Bind = 8,
    /// <summary>BPF_CGROUP_INET6_BIND: IPv6 bind in a cgroup (kernel 4.17).</summary>
    CgroupInet6Bind = 9,
    /// <summary>BPF_CGROUP_INET4_CONNECT: IPv4 connect in a cgroup (kernel 4.17).</summary>
    CgroupInet4Connect = 10,
    /// <summary>BPF_CGROUP_INET6_CONNECT: IPv6 connect in a cgroup (kernel 4.17).</summary>
    CgroupInet6Connect = 11,
    /// <summary>BPF_CGROUP_INET4_POST_BIND: after IPv4 bind in a cgroup (kernel 4.17).</summary>
    CgroupInet4PostBind = 12,
    /// <summary>BPF_CGROUP_INET6_POST_BIND: after IPv6 bind in a cgroup (kernel 4.17).</summary>
    CgroupInet6PostBind = 13,
    /// <summary>BPF_CGROUP_UDP4_SENDMSG: UDPv4 sendmsg in a cgroup (kernel 4.18).</summary>
    CgroupUdp4Sendmsg = 14,
    /// <summary>BPF_CGROUP_UDP6_SENDMSG: UDPv6 sendmsg in a cgroup (kernel 4.18).</summary>
    CgroupUdp6Sendmsg = 15,
    /// <summary>BPF_LIRC_MODE2: an infrared device (kernel 4.18).</summary>
    LircMode2 = 16,
    /// <summary>BPF_FLOW_DISSECTOR: a network namespace's flow dissector (kernel 4.20).</summary>
    FlowDissector = 17,
    /// <summary>BPF_CGROUP_SYSCTL: sysctl access in a cgroup (kernel 5.2).</summary>
    CgroupSysctl = 18,
    /// <summary>BPF_CGROUP_UDP4_RECVMSG: UDPv4 recvmsg in a cgroup (kernel 5.2).</summary>
    CgroupUdp4Recvmsg = 19,
    /// <summary>BPF_CGROUP_UDP6_RECVMSG: UDPv6 recvmsg in a cgroup (kernel 5.2).</summary>
    CgroupUdp6Recvmsg = 20,
    /// <summary>BPF_CGROUP_GETSOCKOPT: getsockopt in a cgroup (kernel 5.3).</summary>
    CgroupGetsockopt = 21,
    /// <summary>BPF_CGROUP_SETSOCKOPT: setsockopt in a cgroup (kernel 5.3).</summary>
    CgroupSetsockopt = 22,
    /// <summary>BPF_TRACE_RAW_TP: a BTF-typed raw tracepoint (kernel 5.5).</summary>
    TraceRawTracepoint = 23,
    /// <summary>BPF_TRACE_FENTRY: entry of a kernel function (kernel 5.5).</summary>
    TraceFentry = 24,
    /// <summary>BPF_TRACE_FEXIT: exit of a kernel function (kernel 5.5).</summary>
    TraceFexit = 25,
    /// <summary>BPF_MODIFY_RETURN: a kernel function's return value (kernel 5.7).</summary>
    ModifyReturn = 26,
    /// <summary>BPF_LSM_MAC: a security module hook (kernel 5.7).</summary>
    LsmMac = 27,
    /// <summary>BPF_TRACE_ITER: a BPF iterator (kernel 5.8).</summary>
    TraceIterator = 28,
    /// <summary>BPF_CGROUP_INET4_GETPEERNAME: IPv4 getpeername in a cgroup (kernel 5.8).</summary>
    CgroupInet4Getpeername = 29,
    /// <summary>BPF_CGROUP_INET6_GETPEERNAME: IPv6 getpeername in a cgroup (kernel 5.8).</summary>
    CgroupInet6Getpeername = 30,
    /// <summary>BPF_CGROUP_INET4_GETSOCKNAME: IPv4 getsockname in a cgroup (kernel 5.8).</summary>
    CgroupInet4Getsockname = 31,
    /// <summary>BPF_CGROUP_INET6_GETSOCKNAME: IPv6 getsockname in a cgroup (kernel 5.8).</summary>
    CgroupInet6Getsockname = 32,
    /// <summary>BPF_XDP_DEVMAP: XDP on a devmap entry (kernel 5.8).</summary>
    XdpDevMap = 33,
    /// <summary>BPF_CGROUP_INET_SOCK_RELEASE: socket release in a cgroup (kernel 5.9).</summary>
    CgroupInetSockRelease = 34,
    /// <summary>BPF_XDP_CPUMAP: XDP on a cpumap entry (kernel 5.9).</summary>
    XdpCpuMap = 35,
    /// <summary>BPF_SK_LOOKUP: socket lookup in a network namespace (kernel 5.9).</summary>
    SkLookup = 36,
    /// <summary>BPF_XDP: an interface's XDP hook, through a link (kernel 5.9).</summary>
    Xdp = 37,
    /// <summary>BPF_SK_SKB_VERDICT: sockmap verdict (kernel 5.13).</summary>
    SkSkbVerdict = 38,
    /// <summary>BPF_SK_REUSEPORT_SELECT: SO_REUSEPORT selection (kernel 5.14).</summary>
    SkReuseportSelect = 39,
    /// <summary>BPF_SK_REUSEPORT_SELECT_OR_MIGRATE: SO_REUSEPORT selection and migration (kernel 5.14).</summary>
    SkReuseportSelectOrMigrate = 40,
    /// <summary>BPF_PERF_EVENT: a perf event, through a link (kernel 5.15).</summary>
    PerfEvent = 41,
    /// <summary>BPF_TRACE_KPROBE_MULTI: many kprobes at once (kernel 5.18).</summary>
    TraceKprobeMulti = 42,
    /// <summary>BPF_LSM_CGROUP: a security module hook per cgroup (kernel 6.0).</summary>
    LsmCgroup = 43,
    /// <summary>BPF_STRUCT_OPS: a struct_ops map, through a link (kernel 6.4).</summary>
    StructOps = 44,
    /// <summary>BPF_NETFILTER: a netfilter hook (kernel 6.4).</summary>
    Netfilter = 45,
    /// <summary>BPF_TCX_INGRESS: tcx ingress of an interface (kernel 6.6).</summary>
    TcxIngress = 46,
    /// <summary>BPF_TCX_EGRESS: tcx egress of an interface (kernel 6.6).</summary>
    TcxEgress = 47,
    /// <summary>BPF_TRACE_UPROBE_MULTI: many uprobes at once (kernel 6.6).</summary>
    TraceUprobeMulti = 48,
    /// <summary>BPF_CGROUP_UNIX_CONNECT: AF_UNIX connect in a cgroup (kernel 6.7).</summary>
    CgroupUnixConnect = 49,
    /// <summary>BPF_CGROUP_UNIX_SENDMSG: AF_UNIX sendmsg in a cgroup (kernel 6.7).</summary>
    CgroupUnixSendmsg = 50,
    /// <summary>BPF_CGROUP_UNIX_RECVMSG: AF_UNIX recvmsg in a cgroup (kernel 6.7).</summary>
    CgroupUnixRecvmsg = 51,
    /// <summary>BPF_CGROUP_UNIX_GETPEERNAME: AF_UNIX getpeername in a cgroup (kernel 6.7).</summary>
    CgroupUnixGetpeername = 52,
    /// <summary>BPF_CGROUP_UNIX_GETSOCKNAME: AF_UNIX getsockname in a cgroup (kernel 6.7).</summary>
    CgroupUnixGetsockname = 53,
    /// <summary>BPF_NETKIT_PRIMARY: a netkit device's primary side (kernel 6.7).</summary>
    NetkitPrimary = 54,
    /// <summary>BPF_NETKIT_PEER: a netkit device's peer side (kernel 6.7).</summary>
    NetkitPeer = 55,
    /// <summary>BPF_TRACE_KPROBE_SESSION: kprobe entry and exit as one session (kernel 6.10).</summary>
    TraceKprobeSession = 56,
}

using System.Runtime.InteropServices;

namespace EbpfCat.Loader.Native;

/// <summary>The common head of <c>struct bpf_link_info</c> and the first word of its type-specific union (the XDP link's
/// interface index); the kernel fills only as much as the size given.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct BpfLinkInfo
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Id;
    [FieldOffset(8)] public uint ProgId;
    /// <summary><c>xdp.ifindex</c>: the interface of an XDP link (kernel 5.9), 0 once the interface is gone.</summary>
    [FieldOffset(16)] public uint XdpIfindex;
}

using System.Runtime.InteropServices;

namespace EbpfCat.Loader.Native;

/// <summary>The BPF_LINK_UPDATE (<c>attr.link_update</c>) and BPF_LINK_DETACH (<c>attr.link_detach</c>) variants of <c>union bpf_attr</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct LinkFdAttr
{
    [FieldOffset(0)] public uint LinkFd;
    [FieldOffset(4)] public uint NewProgFd;
    [FieldOffset(8)] public uint Flags;
    [FieldOffset(12)] public uint OldProgFd;
}

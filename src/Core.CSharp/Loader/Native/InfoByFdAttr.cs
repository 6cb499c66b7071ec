using System.Runtime.InteropServices;

namespace EbpfCat.Loader.Native;

/// <summary>The BPF_OBJ_GET_INFO_BY_FD variant of <c>union bpf_attr</c> (<c>attr.info</c>).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct InfoByFdAttr
{
    [FieldOffset(0)] public uint BpfFd;
    [FieldOffset(4)] public uint InfoLen;
    [FieldOffset(8)] public ulong Info;
}

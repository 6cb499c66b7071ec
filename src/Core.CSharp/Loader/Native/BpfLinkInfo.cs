using System.Runtime.InteropServices;

namespace EbpfCat.Loader.Native;

/// <summary>The common head of <c>struct bpf_link_info</c> (the type-specific union after it is left out).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct BpfLinkInfo
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Id;
    [FieldOffset(8)] public uint ProgId;
}

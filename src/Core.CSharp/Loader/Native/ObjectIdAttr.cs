using System.Runtime.InteropServices;

namespace EbpfCat.Loader.Native;

/// <summary>The BPF_*_GET_NEXT_ID / BPF_*_GET_FD_BY_ID variant of <c>union bpf_attr</c>.</summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
internal struct ObjectIdAttr
{
    /// <summary><c>start_id</c>, <c>prog_id</c>, <c>map_id</c> or <c>link_id</c> (a union in the header).</summary>
    [FieldOffset(0)] public uint Id;
    [FieldOffset(4)] public uint NextId;
    [FieldOffset(8)] public uint OpenFlags;
}

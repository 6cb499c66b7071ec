using System.Runtime.InteropServices;

namespace EbpfCat.Loader.Native;

/// <summary>The BPF_MAP_*_ELEM variant of <c>union bpf_attr</c> (lookup, update, delete, next key, freeze).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct MapElementAttr
{
    [FieldOffset(0)] public uint MapFd;
    [FieldOffset(8)] public ulong Key;
    /// <summary>The value pointer, or the next-key pointer for BPF_MAP_GET_NEXT_KEY (a union in the header).</summary>
    [FieldOffset(16)] public ulong Value;
    [FieldOffset(24)] public ulong Flags;
}

using System.Runtime.InteropServices;

namespace EbpfCat.Loader.Native;

/// <summary>The BPF_LINK_CREATE variant of <c>union bpf_attr</c> (<c>attr.link_create</c>, kernel 5.7), up to <c>target_btf_id</c>: the
/// type-specific members after it (iterator, perf event, kprobe-multi, ...) are not used yet.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct LinkCreateAttr
{
    [FieldOffset(0)] public uint ProgFd;
    /// <summary><c>target_fd</c> or <c>target_ifindex</c> (a union in the header).</summary>
    [FieldOffset(4)] public uint TargetFd;
    [FieldOffset(8)] public uint AttachType;
    [FieldOffset(12)] public uint Flags;
    [FieldOffset(16)] public uint TargetBtfId;
}

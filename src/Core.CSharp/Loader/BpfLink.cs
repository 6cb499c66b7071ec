using System.Runtime.InteropServices;
using EbpfCat.Loader.Native;

namespace EbpfCat.Loader;

/// <summary>A program attached to a hook through a BPF link (BPF_LINK_CREATE, kernel 5.7): disposing the link (and every other
/// reference to it, such as a pin) detaches the program.</summary>
/// <example><code>
/// await using var link = BpfLink.Create(program, cgroupDirectory, AttachType.CgroupInetIngress);
/// </code></example>
public sealed class BpfLink : BpfObject, IAsyncDisposable
{
    BpfLink(BpfFileDescriptor handle) : base(handle) { }

    /// <summary>Attaches <paramref name="program"/> to the object behind <paramref name="target"/> (a cgroup directory,
    /// a network namespace, ...) with <paramref name="attachType"/> (BPF_LINK_CREATE, kernel 5.7).</summary>
    /// <exception cref="BpfException">EINVAL when the program's type does not fit the attach type.</exception>
    /// <example><code>using var link = BpfLink.Create(program, cgroupFd, AttachType.CgroupInetEgress);</code></example>
    public static BpfLink Create(BpfProgram program, SafeHandle target, AttachType attachType, uint flags = 0)
    {
        ArgumentNullException.ThrowIfNull(target);
        bool added = false;
        target.DangerousAddRef(ref added);
        try { return Create(program, target.DangerousGetHandle().ToInt32(), attachType, flags); }
        finally { if (added) target.DangerousRelease(); }
    }

    /// <summary>Attaches <paramref name="program"/> to a target given by number: an interface index for
    /// <see cref="AttachType.Xdp"/> (kernel 5.9) and tcx, or a file descriptor (BPF_LINK_CREATE).</summary>
    /// <example><code>using var link = BpfLink.Create(xdpProgram, interfaceIndex, AttachType.Xdp, flags: 2 /* XDP_FLAGS_SKB_MODE */);</code></example>
    public static BpfLink Create(BpfProgram program, int targetFdOrInterfaceIndex, AttachType attachType, uint flags = 0)
    {
        ArgumentNullException.ThrowIfNull(program);
        using var fd = program.Handle.Borrow();
        var attr = new LinkCreateAttr { ProgFd = fd.U32, TargetFd = (uint)targetFdOrInterfaceIndex, AttachType = (uint)attachType, Flags = flags };
        return new BpfLink(new BpfFileDescriptor(BpfSyscall.Invoke(BpfCommand.LinkCreate, ref attr)));
    }

    /// <summary>Opens the link pinned at <paramref name="path"/> in a bpffs (BPF_OBJ_GET, kernel 5.7).</summary>
    /// <example><code>using var link = BpfLink.OpenPinned("/sys/fs/bpf/my_link");</code></example>
    public static BpfLink OpenPinned(string path) => new(OpenPinnedDescriptor(path, PinnedObjectKind.Link));

    /// <summary>Opens the link with kernel-wide id <paramref name="id"/> (BPF_LINK_GET_FD_BY_ID, kernel 5.8).</summary>
    /// <example><code>using var link = BpfLink.OpenById(id);</code></example>
    public static BpfLink OpenById(uint id) => new(OpenDescriptorById(BpfCommand.LinkGetFdById, id));

    /// <summary>The ids of all links in the system (BPF_LINK_GET_NEXT_ID, kernel 5.8).</summary>
    /// <example><code>int links = BpfLink.EnumerateIds().Count();</code></example>
    public static IEnumerable<uint> EnumerateIds() => EnumerateIds(BpfCommand.LinkGetNextId);

    /// <summary>What the kernel reports about this link now (BPF_OBJ_GET_INFO_BY_FD, kernel 5.8).</summary>
    public LinkInfo Info
    {
        get
        {
            var info = new BpfLinkInfo();
            ReadInfo(Handle, ref info);
            return new LinkInfo((LinkType)info.Type, info.Id, info.ProgId, (LinkType)info.Type == LinkType.Xdp ? (int)info.XdpIfindex : 0);
        }
    }

    /// <summary>Replaces the attached program with <paramref name="program"/> without a gap (BPF_LINK_UPDATE, kernel 5.7).</summary>
    /// <example><code>link.Update(newProgram);</code></example>
    public void Update(BpfProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        using var link = Handle.Borrow();
        using var prog = program.Handle.Borrow();
        var attr = new LinkFdAttr { LinkFd = link.U32, NewProgFd = prog.U32 };
        BpfSyscall.Invoke(BpfCommand.LinkUpdate, ref attr);
    }

    /// <summary>Detaches the program now, even if the link is pinned or shared (BPF_LINK_DETACH, kernel 5.9).</summary>
    /// <example><code>link.Detach();</code></example>
    public void Detach()
    {
        using var link = Handle.Borrow();
        var attr = new LinkFdAttr { LinkFd = link.U32 };
        BpfSyscall.Invoke(BpfCommand.LinkDetach, ref attr);
    }

    /// <summary>Closes the link (detaching the program unless it is pinned or shared); for <c>await using</c>.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

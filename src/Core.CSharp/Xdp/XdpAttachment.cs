using EbpfCat.Loader;
using EbpfCat.Loader.Native;
using EbpfCat.Netlink;
using EbpfCat.Netlink.Native;

namespace EbpfCat.Xdp;

/// <summary>An XDP program attached to a network interface, by BPF link (kernel 5.9) or by rtnetlink (kernel 4.8);
/// disposing it detaches the program, and only that program.</summary>
/// <remarks>
/// A link attachment is also detached by the kernel when the process exits; a netlink attachment is not, so dispose it.
/// The attachment keeps its own reference to the attached program, so the <see cref="BpfProgram"/> it was made from may be
/// disposed first. A netlink attachment keeps a netlink socket in the interface's namespace, so it detaches from any thread.
/// </remarks>
/// <example><code>
/// await using var attachment = await XdpAttach.AttachAsync(counter, "veth0", XdpAttachMode.Generic);
/// await attachment.ReplaceAsync(dropper);   // swapped atomically: no packet sees no program
/// </code></example>
public sealed class XdpAttachment : IDisposable, IAsyncDisposable
{
    const int EPERM = 1, ENODEV = 19, EEXIST = 17, ENOLINK = 67;
    const uint ReplaceFlag = 1 << 2;   // BPF_F_REPLACE

    readonly Lock gate = new();
    readonly BpfLink? link;
    readonly RouteNetlinkSocket? socket;
    BpfFileDescriptor program;
    bool disposed;

    internal XdpAttachment(string interfaceName, int interfaceIndex, string? networkNamespace, XdpAttachMode mode, BpfLink link,
        BpfFileDescriptor program, uint programId)
        : this(interfaceName, interfaceIndex, networkNamespace, mode, XdpAttachMethod.Link, program, programId)
    {
        this.link = link;
        LinkId = link.Info.Id;
    }

    internal XdpAttachment(string interfaceName, int interfaceIndex, string? networkNamespace, XdpAttachMode mode, RouteNetlinkSocket socket,
        BpfFileDescriptor program, uint programId)
        : this(interfaceName, interfaceIndex, networkNamespace, mode, XdpAttachMethod.Netlink, program, programId)
        => this.socket = socket;

    XdpAttachment(string interfaceName, int interfaceIndex, string? networkNamespace, XdpAttachMode mode, XdpAttachMethod method,
        BpfFileDescriptor program, uint programId)
    {
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        NetworkNamespace = networkNamespace;
        Mode = mode;
        Method = method;
        this.program = program;
        ProgramId = programId;
    }

    /// <summary>The interface's name.</summary>
    public string InterfaceName { get; }

    /// <summary>The interface's index in its network namespace.</summary>
    public int InterfaceIndex { get; }

    /// <summary>The network namespace given when attaching, or null for the attaching thread's.</summary>
    public string? NetworkNamespace { get; }

    /// <summary>The mode the program runs in, as the kernel reports it (the kernel's choice when <see cref="XdpAttachMode.Default"/> was asked).</summary>
    public XdpAttachMode Mode { get; }

    /// <summary>How the program was attached: <see cref="XdpAttachMethod.Link"/> or <see cref="XdpAttachMethod.Netlink"/>.</summary>
    public XdpAttachMethod Method { get; }

    /// <summary>The kernel-wide id of the BPF link, or 0 for a netlink attachment.</summary>
    public uint LinkId { get; }

    /// <summary>The kernel-wide id of the attached program (it changes with <see cref="ReplaceAsync"/>).</summary>
    public uint ProgramId { get; private set; }

    /// <summary>True once the attachment was disposed (and the program detached).</summary>
    public bool IsDisposed => disposed;

    /// <summary>Replaces the attached program with <paramref name="newProgram"/> in one step, so that every packet meets one
    /// program or the other: BPF_LINK_UPDATE with BPF_F_REPLACE (kernel 5.7) for a link, RTM_SETLINK with XDP_FLAGS_REPLACE and
    /// IFLA_XDP_EXPECTED_FD (kernel 5.7) for netlink; both fail instead of replacing a program that is not this attachment's.</summary>
    /// <exception cref="XdpAttachException">The kernel refused, or the attached program is no longer this attachment's.</exception>
    /// <example><code>await attachment.ReplaceAsync(newProgram);</code></example>
    public Task ReplaceAsync(BpfProgram newProgram, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newProgram);
        XdpAttach.RequireXdp(newProgram, nameof(newProgram));
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        try
        {
            Replace(newProgram);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    void Replace(BpfProgram newProgram)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            uint newId = newProgram.Info.Id;
            var reference = Duplicate(newProgram.Handle);
            try
            {
                using var oldFd = program.Borrow();
                using var newFd = reference.Borrow();
                if (link is not null) UpdateLink(oldFd.Fd, newFd.Fd);
                else
                {
                    int oldNumber = oldFd.Fd, newNumber = newFd.Fd;
                    XdpAttach.Netlink(socket!, new LinkMessage(InterfaceIndex, InterfaceName, []), Mode, NetworkNamespace,
                        () => XdpNetlink.Exchange(socket!, InterfaceIndex, newNumber, oldNumber, Mode));
                }
            }
            catch (XdpProgramAlreadyAttachedException e)
            {
                reference.Dispose();
                throw new XdpAttachException(InterfaceName, InterfaceIndex, Mode, e.Errno, e.KernelMessage,
                    $"cannot replace the XDP program on '{InterfaceName}': the attached program (id {e.ExistingProgramId}) is not this attachment's (id {ProgramId}) any more", e);
            }
            catch
            {
                reference.Dispose();
                throw;
            }
            program.Dispose();
            program = reference;
            ProgramId = newId;
        }
    }

    void UpdateLink(int oldFd, int newFd)
    {
        using var linkFd = link!.Handle.Borrow();
        var attr = new LinkFdAttr { LinkFd = linkFd.U32, NewProgFd = (uint)newFd, Flags = ReplaceFlag, OldProgFd = (uint)oldFd };
        int errno = BpfSyscall.TryInvoke(BpfCommand.LinkUpdate, ref attr, out _);
        if (errno == 0) return;
        var reason = errno switch
        {
            EPERM => $"the link no longer runs this attachment's program (id {ProgramId})",
            ENOLINK => "the link was detached (the interface is gone, or BPF_LINK_DETACH was called)",
            _ => BpfException.From(BpfCommand.LinkUpdate, errno).Message,
        };
        throw new XdpAttachException(InterfaceName, InterfaceIndex, Mode, errno, null,
            $"cannot replace the XDP program on '{InterfaceName}': BPF_LINK_UPDATE failed with {Errno.Name(errno)}: {reason}");
    }

    /// <summary>Lets go of a netlink attachment without detaching: closes this process's references and leaves the program
    /// attached until someone detaches it (<see cref="XdpAttach.Detach"/>, <c>ip link set dev NAME xdp off</c>), as a tool
    /// that attaches and exits needs. The attachment counts as disposed afterwards.</summary>
    /// <exception cref="InvalidOperationException">A link attachment: the kernel detaches it when its link closes.</exception>
    /// <example><code>
    /// var attachment = await XdpAttach.AttachAsync(program, "veth0", new XdpAttachOptions { Method = XdpAttachMethod.Netlink });
    /// attachment.KeepAttached();   // still attached after this process exits
    /// </code></example>
    public void KeepAttached()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (link is not null)
                throw new InvalidOperationException("a link attachment is detached when its link closes; attach with XdpAttachMethod.Netlink to keep the program attached");
            disposed = true;
            program.Dispose();
            socket?.Dispose();
        }
    }

    /// <summary>Detaches the program: closes the link, or removes it by netlink only if it is still this attachment's
    /// program (XDP_FLAGS_REPLACE with IFLA_XDP_EXPECTED_FD). A program that is already gone, or an interface that is, is no error.</summary>
    /// <exception cref="XdpAttachException">The kernel refused to detach a netlink-attached program.</exception>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            try
            {
                if (link is not null) DetachLink(link);
                else Detach();
            }
            finally
            {
                program.Dispose();
                socket?.Dispose();
            }
        }
    }

    /// <summary>Detaches explicitly (BPF_LINK_DETACH, kernel 5.9) before closing: closing alone detaches only when the last
    /// reference to the link goes, and a child process forked at that moment holds one until it execs.</summary>
    internal static void DetachLink(BpfLink link)
    {
        try { link.Detach(); }
        catch (BpfException) { }   // already detached: the interface is gone
        finally { link.Dispose(); }
    }

    void Detach()
    {
        try
        {
            using var fd = program.Borrow();
            XdpNetlink.Exchange(socket!, InterfaceIndex, -1, fd.Fd, Mode);
        }
        catch (NetworkOperationException e) when (e.Errno is EEXIST or ENODEV)
        {
            // EEXIST: the attached program is not ours any more (someone detached or replaced it); ENODEV: the interface is gone.
        }
        catch (NetworkOperationException e)
        {
            throw new XdpAttachException(InterfaceName, InterfaceIndex, Mode, e.Errno, e.KernelMessage,
                $"cannot detach the XDP program (id {ProgramId}) from '{InterfaceName}': {e.Message}", e);
        }
    }

    /// <summary>Detaches the program, as <see cref="Dispose"/>; for <c>await using</c>.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A line such as <c>XDP program 42 on veth0 (3), generic mode, by link</c>.</summary>
    public override string ToString()
        => $"XDP program {ProgramId} on {InterfaceName} ({InterfaceIndex}), {XdpAttachException.Name(Mode)} mode, by {Method.ToString().ToLowerInvariant()}"
           + (disposed ? ", detached" : "");

    /// <summary>A second descriptor of the same program (fcntl F_DUPFD_CLOEXEC), owned by the caller.</summary>
    internal static BpfFileDescriptor Duplicate(BpfFileDescriptor handle)
    {
        using var fd = handle.Borrow();
        int copy = SocketCalls.Fcntl(fd.Fd, SocketCalls.FcntlDuplicateCloseOnExec, 0);
        if (copy < 0) throw NetworkOperationException.From("fcntl(F_DUPFD_CLOEXEC)", SocketCalls.LastError, context: "duplicating the program's descriptor");
        return new BpfFileDescriptor(copy);
    }
}

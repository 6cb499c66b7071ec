using EbpfCat.Loader;
using EbpfCat.Loader.Native;
using EbpfCat.Netlink;

namespace EbpfCat.Xdp;

/// <summary>Attaches XDP programs to network interfaces and reports what is attached: through a BPF link (BPF_LINK_CREATE
/// with BPF_XDP, kernel 5.9) when the kernel has XDP links, through rtnetlink (RTM_SETLINK with IFLA_XDP, kernel 4.8) otherwise.</summary>
/// <remarks>Neither way ever replaces a program someone else attached: that is an <see cref="XdpProgramAlreadyAttachedException"/>.
/// Interface names and indexes are those of the network namespace in <see cref="XdpAttachOptions.NetworkNamespace"/>, or of the
/// calling thread's namespace when it is null.</remarks>
/// <example><code>
/// using var program = BpfProgram.Load(ProgramType.Xdp, [AluOperation.Mov.Imm(Register.R0, (int)XdpAction.Pass), Instruction.Exit()]);
/// await using (var attachment = await XdpAttach.AttachAsync(program, "veth0", XdpAttachMode.Generic))
/// {
///     Console.WriteLine($"program {attachment.ProgramId} on {attachment.InterfaceName} by {attachment.Method}");
/// }   // detached here
/// </code></example>
public static class XdpAttach
{
    const int EPERM = 1, EBUSY = 16, EEXIST = 17, EINVAL = 22, EOPNOTSUPP = 95, ENOTSUPP = 524;

    /// <summary>Attaches <paramref name="program"/> to the interface named <paramref name="interfaceName"/> in <paramref name="mode"/>,
    /// by BPF link when the kernel has XDP links (5.9) and by rtnetlink otherwise; the program is detached when the returned
    /// attachment is disposed.</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that name.</exception>
    /// <exception cref="XdpProgramAlreadyAttachedException">The interface has a program already; it is left in place.</exception>
    /// <exception cref="XdpModeNotSupportedException">The driver cannot run XDP in <paramref name="mode"/>.</exception>
    /// <exception cref="XdpAttachException">The kernel refused for another reason.</exception>
    /// <example><code>await using var attachment = await XdpAttach.AttachAsync(program, "eth0");</code></example>
    public static Task<XdpAttachment> AttachAsync(BpfProgram program, string interfaceName, XdpAttachMode mode = XdpAttachMode.Default,
        CancellationToken cancellationToken = default)
        => AttachAsync(program, interfaceName, new XdpAttachOptions { Mode = mode }, cancellationToken);

    /// <summary>Attaches <paramref name="program"/> to the interface named <paramref name="interfaceName"/> as
    /// <paramref name="options"/> say (mode, link or netlink, network namespace).</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that name in the namespace.</exception>
    /// <exception cref="XdpProgramAlreadyAttachedException">The interface has a program already; it is left in place.</exception>
    /// <exception cref="XdpModeNotSupportedException">The driver cannot run XDP in the mode asked for.</exception>
    /// <exception cref="XdpAttachException">The kernel refused for another reason.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left attached.</exception>
    /// <example><code>
    /// await using var attachment = await XdpAttach.AttachAsync(program, "veth0",
    ///     new XdpAttachOptions { Mode = XdpAttachMode.Generic, Method = XdpAttachMethod.Netlink, NetworkNamespace = "demo" });
    /// </code></example>
    public static Task<XdpAttachment> AttachAsync(BpfProgram program, string interfaceName, XdpAttachOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        return AttachAsync(program, options, socket => RouteLinks.Get(socket, interfaceName, options.NetworkNamespace), cancellationToken);
    }

    /// <summary>Attaches <paramref name="program"/> to the interface with index <paramref name="interfaceIndex"/> as
    /// <paramref name="options"/> say.</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that index in the namespace.</exception>
    /// <exception cref="XdpAttachException">The kernel refused; see the derived exceptions.</exception>
    /// <example><code>await using var attachment = await XdpAttach.AttachAsync(program, 3, XdpAttachOptions.Default);</code></example>
    public static Task<XdpAttachment> AttachAsync(BpfProgram program, int interfaceIndex, XdpAttachOptions options,
        CancellationToken cancellationToken = default)
        => AttachAsync(program, options, socket => RouteLinks.Get(socket, interfaceIndex, options.NetworkNamespace), cancellationToken);

    static Task<XdpAttachment> AttachAsync(BpfProgram program, XdpAttachOptions options, Func<RouteNetlinkSocket, LinkMessage> resolve,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(options);
        RequireXdp(program, nameof(program));
        if (!Enum.IsDefined(options.Mode)) throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "unknown XDP attach mode");
        // A netlink socket, an interface index and a BPF_XDP link target all belong to the namespace of the thread that makes
        // them, so the whole attach runs in the interface's namespace; the attachment then works from any thread.
        if (options.NetworkNamespace is null)
        {
            try { return Task.FromResult(Attach(program, options, resolve, cancellationToken)); }
            catch (OperationCanceledException e) when (e.CancellationToken == cancellationToken) { return Task.FromCanceled<XdpAttachment>(cancellationToken); }
            catch (Exception e) { return Task.FromException<XdpAttachment>(e); }
        }
        return NetworkNamespace.RunAsync(options.NetworkNamespace, () => Attach(program, options, resolve, cancellationToken), cancellationToken);
    }

    static XdpAttachment Attach(BpfProgram program, XdpAttachOptions options, Func<RouteNetlinkSocket, LinkMessage> resolve,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var mode = options.Mode;
        var socket = RouteNetlinkSocket.Open();
        BpfFileDescriptor? programReference = null;
        BpfLink? link = null;
        LinkMessage? target = null;
        bool byNetlink = false;
        try
        {
            target = resolve(socket);
            uint programId = program.Info.Id;
            programReference = XdpAttachment.Duplicate(program.Handle);
            if (options.Method != XdpAttachMethod.Netlink)
            {
                int errno = TryCreateLink(program, target.Index, mode, out link);
                bool linkUnavailable = errno is EINVAL or EOPNOTSUPP or ENOTSUPP;
                if (errno != 0 && !(linkUnavailable && options.Method == XdpAttachMethod.Auto))
                    throw LinkFailure(socket, target, mode, errno, options.NetworkNamespace);
            }
            if (link is null)
            {
                using (var fd = programReference.Borrow())
                {
                    int programFd = fd.Fd, index = target.Index;
                    Netlink(socket, target, mode, options.NetworkNamespace, () => XdpNetlink.Attach(socket, index, programFd, mode));
                }
                byNetlink = true;
            }
            var state = XdpNetlink.State(RouteLinks.Get(socket, target.Index, options.NetworkNamespace));
            var actualMode = state.ModeOf(programId) ?? (mode == XdpAttachMode.Default ? XdpAttachMode.Generic : mode);
            cancellationToken.ThrowIfCancellationRequested();
            var attachment = link is not null
                ? new XdpAttachment(target.Name, target.Index, options.NetworkNamespace, actualMode, link, programReference, programId)
                : new XdpAttachment(target.Name, target.Index, options.NetworkNamespace, actualMode, socket, programReference, programId);
            if (link is not null) socket.Dispose();   // a link needs no socket; closing it frees the namespace reference
            return attachment;
        }
        catch
        {
            // Nothing stays attached and nothing stays open when any step after the attach fails or is cancelled.
            if (byNetlink && target is not null && programReference is not null)
            {
                try
                {
                    using var fd = programReference.Borrow();
                    XdpNetlink.Exchange(socket, target.Index, -1, fd.Fd, mode);
                }
                catch (NetworkOperationException) { }
            }
            if (link is not null) XdpAttachment.DetachLink(link);
            programReference?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Throws unless <paramref name="program"/> is an XDP program.</summary>
    internal static void RequireXdp(BpfProgram program, string parameter)
    {
        if (program.Type != ProgramType.Xdp)
            throw new ArgumentException($"only XDP programs attach to interfaces; this one is a {program.Type} program", parameter);
    }

    /// <summary>BPF_LINK_CREATE with BPF_XDP; 0 and the link, or the errno.</summary>
    static int TryCreateLink(BpfProgram program, int index, XdpAttachMode mode, out BpfLink? link)
    {
        link = null;
        try
        {
            link = BpfLink.Create(program, index, AttachType.Xdp, (uint)mode);
            return 0;
        }
        catch (BpfException e) when (e.Command == BpfCommand.LinkCreate)
        {
            return e.Errno;
        }
    }

    static XdpAttachException LinkFailure(RouteNetlinkSocket socket, LinkMessage target, XdpAttachMode mode, int errno, string? networkNamespace)
    {
        if (errno is EBUSY or EEXIST) return AlreadyAttached(socket, target, mode, errno, null, networkNamespace);
        if (errno is EINVAL or EOPNOTSUPP or ENOTSUPP && mode is XdpAttachMode.Driver or XdpAttachMode.Hardware)
            return new XdpModeNotSupportedException(target.Name, target.Index, mode, errno, null);
        var advice = errno switch
        {
            EINVAL or EOPNOTSUPP or ENOTSUPP => "this kernel may not have XDP links (kernel 5.9); XdpAttachMethod.Auto falls back to netlink",
            EPERM => "attaching XDP programs needs CAP_NET_ADMIN and CAP_BPF",
            _ => BpfException.From(BpfCommand.LinkCreate, errno).Message,
        };
        return new XdpAttachException(target.Name, target.Index, mode, errno, null,
            $"cannot attach the XDP program to '{target.Name}' in {XdpAttachException.Name(mode)} mode: BPF_LINK_CREATE failed with {Errno.Name(errno)}: {advice}");
    }

    /// <summary>Runs a netlink change and turns its failure into the XDP exception that says what happened.</summary>
    internal static void Netlink(RouteNetlinkSocket socket, LinkMessage target, XdpAttachMode mode, string? networkNamespace, Action change)
    {
        try
        {
            change();
        }
        catch (NetworkOperationException e) when (e is not NetworkInterfaceNotFoundException)
        {
            if (e.Errno is EBUSY or EEXIST) throw AlreadyAttached(socket, target, mode, e.Errno, e.KernelMessage, networkNamespace);
            if (e.Errno is EINVAL or EOPNOTSUPP or ENOTSUPP && mode is XdpAttachMode.Driver or XdpAttachMode.Hardware)
                throw new XdpModeNotSupportedException(target.Name, target.Index, mode, e.Errno, e.KernelMessage, e);
            var advice = e.Errno == EPERM ? ": attaching XDP programs needs CAP_NET_ADMIN" : "";
            throw new XdpAttachException(target.Name, target.Index, mode, e.Errno, e.KernelMessage,
                $"cannot attach the XDP program to '{target.Name}' in {XdpAttachException.Name(mode)} mode: {e.Message}{advice}", e);
        }
    }

    static XdpAttachException AlreadyAttached(RouteNetlinkSocket socket, LinkMessage target, XdpAttachMode mode, int errno, string? kernelMessage,
        string? networkNamespace)
    {
        var state = XdpNetlink.State(RouteLinks.Get(socket, target.Index, networkNamespace));
        if (state.ProgramIds is [var existing, ..])
            return new XdpProgramAlreadyAttachedException(target.Name, target.Index, mode, errno, kernelMessage, existing.ProgramId, existing.Mode);
        return new XdpAttachException(target.Name, target.Index, mode, errno, kernelMessage,
            $"cannot attach the XDP program to '{target.Name}' in {XdpAttachException.Name(mode)} mode: the kernel says it is busy ({Errno.Name(errno)})"
            + (kernelMessage is null ? "" : $": \"{kernelMessage}\""));
    }

    /// <summary>Detaches whatever XDP program the interface named <paramref name="interfaceName"/> has (in
    /// <see cref="XdpAttachOptions.Mode"/> only, unless that is <see cref="XdpAttachMode.Default"/>), whoever attached it:
    /// a program attached through a BPF link by detaching the link (BPF_LINK_DETACH, kernel 5.9), any other by rtnetlink
    /// (RTM_SETLINK with IFLA_XDP_FD -1). Returns what was attached before.</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that name in the namespace.</exception>
    /// <exception cref="XdpNotAttachedException">The interface has no XDP program (in that mode).</exception>
    /// <exception cref="XdpAttachException">The kernel refused.</exception>
    /// <example><code>var before = XdpAttach.Detach("veth0", new XdpAttachOptions { NetworkNamespace = "demo" });</code></example>
    public static XdpInterfaceState Detach(string interfaceName, XdpAttachOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        options ??= XdpAttachOptions.Default;
        var networkNamespace = options.NetworkNamespace;
        var wanted = options.Mode;
        return InNamespace(networkNamespace, socket =>
        {
            var target = RouteLinks.Get(socket, interfaceName, networkNamespace);
            var state = XdpNetlink.State(target);
            var programs = state.ProgramIds.Where(p => wanted == XdpAttachMode.Default || p.Mode == wanted).ToList();
            if (programs.Count == 0) throw new XdpNotAttachedException(target.Name, target.Index, wanted);
            foreach (var (mode, programId) in programs)
            {
                // rtnetlink may not remove a program that a link holds (EBUSY): the link is detached instead.
                var link = FindLink(target.Index, programId);
                if (link is not null) XdpAttachment.DetachLink(link);
                else Netlink(socket, target, mode, networkNamespace, () => XdpNetlink.Remove(socket, target.Index, mode));
            }
            return state;
        });
    }

    /// <summary>The XDP link that attaches program <paramref name="programId"/> to interface <paramref name="interfaceIndex"/>, or null.</summary>
    static BpfLink? FindLink(int interfaceIndex, uint programId)
    {
        foreach (var id in BpfLink.EnumerateIds())
        {
            BpfLink link;
            try { link = BpfLink.OpenById(id); }
            catch (BpfException e) when (e.Errno == Errno.ENOENT) { continue; }   // freed meanwhile
            bool match;
            try
            {
                var info = link.Info;
                match = info.Type == LinkType.Xdp && info.ProgramId == programId && info.InterfaceIndex == interfaceIndex;
            }
            catch
            {
                link.Dispose();
                throw;
            }
            if (match) return link;
            link.Dispose();
        }
        return null;
    }

    /// <summary>What XDP programs the interface named <paramref name="interfaceName"/> has, in the network namespace
    /// <paramref name="networkNamespace"/> (null: the calling thread's); RTM_GETLINK, kernel 4.13.</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that name.</exception>
    /// <example><code>bool busy = XdpAttach.Query("veth0").HasProgram;</code></example>
    public static XdpInterfaceState Query(string interfaceName, string? networkNamespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        return InNamespace(networkNamespace, socket => XdpNetlink.State(RouteLinks.Get(socket, interfaceName, networkNamespace)));
    }

    /// <summary>What XDP programs the interface with index <paramref name="interfaceIndex"/> has (RTM_GETLINK, kernel 4.13).</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that index.</exception>
    /// <example><code>uint id = XdpAttach.Query(attachment.InterfaceIndex).GenericProgramId;</code></example>
    public static XdpInterfaceState Query(int interfaceIndex, string? networkNamespace = null)
        => InNamespace(networkNamespace, socket => XdpNetlink.State(RouteLinks.Get(socket, interfaceIndex, networkNamespace)));

    /// <summary>The XDP programs of every interface in the network namespace (an RTM_GETLINK dump, kernel 4.13).</summary>
    /// <example><code>bool clean = XdpAttach.QueryAll("demo").All(i => !i.HasProgram);</code></example>
    public static IReadOnlyList<XdpInterfaceState> QueryAll(string? networkNamespace = null)
        => InNamespace(networkNamespace, socket => RouteLinks.All(socket).Select(XdpNetlink.State).ToList());

    static T InNamespace<T>(string? networkNamespace, Func<RouteNetlinkSocket, T> query)
        => NetworkNamespace.Run(networkNamespace, () =>
        {
            using var socket = RouteNetlinkSocket.Open();
            return query(socket);
        });
}

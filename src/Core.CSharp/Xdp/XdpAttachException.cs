namespace EbpfCat.Xdp;

/// <summary>An XDP program could not be attached to, replaced on or detached from an interface; carries the interface,
/// the mode, the errno and the kernel's own explanation when netlink gave one.</summary>
/// <example><code>
/// try { await XdpAttach.AttachAsync(program, "veth0", XdpAttachMode.Hardware); }
/// catch (XdpAttachException e) { Console.Error.WriteLine($"{e.InterfaceName}: {e.Message}"); }
/// </code></example>
public class XdpAttachException : EbpfCatException
{
    /// <summary>A failure on <paramref name="interfaceName"/> in <paramref name="mode"/> with <paramref name="errno"/>;
    /// <paramref name="message"/> is the whole text.</summary>
    public XdpAttachException(string interfaceName, int interfaceIndex, XdpAttachMode mode, int errno, string? kernelMessage,
        string message, Exception? inner = null) : base(message, inner)
    {
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        Mode = mode;
        Errno = errno;
        KernelMessage = kernelMessage;
    }

    /// <summary>The interface.</summary>
    public string InterfaceName { get; }

    /// <summary>The interface's index in its network namespace.</summary>
    public int InterfaceIndex { get; }

    /// <summary>The mode that was asked for.</summary>
    public XdpAttachMode Mode { get; }

    /// <summary>The errno of the failed call (0 when the failure was found without one).</summary>
    public int Errno { get; }

    /// <summary>The errno's symbolic name, such as <c>EBUSY</c>.</summary>
    public string ErrnoName => Loader.Errno.Name(Errno);

    /// <summary>What the kernel said (netlink extended ack), or null.</summary>
    public string? KernelMessage { get; }

    /// <summary>Lower-case mode name for messages: "generic", "driver", "hardware" or "default".</summary>
    internal static string Name(XdpAttachMode mode) => mode.ToString().ToLowerInvariant();
}

/// <summary>The interface already has an XDP program that is not ours (EBUSY or EEXIST from the kernel): nothing was
/// changed, the existing program stays attached.</summary>
/// <example><code>catch (XdpProgramAlreadyAttachedException e) { Console.Error.WriteLine($"program {e.ExistingProgramId} is in the way"); }</code></example>
public sealed class XdpProgramAlreadyAttachedException(string interfaceName, int interfaceIndex, XdpAttachMode mode, int errno,
    string? kernelMessage, uint existingProgramId, XdpAttachMode existingMode)
    : XdpAttachException(interfaceName, interfaceIndex, mode, errno, kernelMessage,
        $"interface '{interfaceName}' already has an XDP program (id {existingProgramId}) attached in {Name(existingMode)} mode; detach it first or replace it"
        + (kernelMessage is null ? "" : $" (the kernel says \"{kernelMessage}\")"))
{
    /// <summary>The id of the program that is attached.</summary>
    public uint ExistingProgramId { get; } = existingProgramId;

    /// <summary>The mode it is attached in.</summary>
    public XdpAttachMode ExistingMode { get; } = existingMode;
}

/// <summary>The interface's driver cannot run XDP in the mode asked for (EOPNOTSUPP or EINVAL from the driver; for example
/// hardware mode on a card without offload): nothing was attached.</summary>
/// <example><code>catch (XdpModeNotSupportedException) { await XdpAttach.AttachAsync(program, "veth0", XdpAttachMode.Generic); }</code></example>
public sealed class XdpModeNotSupportedException(string interfaceName, int interfaceIndex, XdpAttachMode mode, int errno, string? kernelMessage, Exception? inner = null)
    : XdpAttachException(interfaceName, interfaceIndex, mode, errno, kernelMessage,
        $"interface '{interfaceName}' does not support XDP in {Name(mode)} mode ({Loader.Errno.Name(errno)}"
        + (kernelMessage is null ? "" : $": the kernel says \"{kernelMessage}\"")
        + $"); generic mode works on every interface", inner);

/// <summary>The interface has no XDP program to detach (in the mode asked for): nothing was changed.</summary>
/// <example><code>catch (XdpNotAttachedException e) { Console.Error.WriteLine(e.Message); }</code></example>
public sealed class XdpNotAttachedException(string interfaceName, int interfaceIndex, XdpAttachMode mode)
    : XdpAttachException(interfaceName, interfaceIndex, mode, 0, null,
        $"interface '{interfaceName}' has no XDP program attached" + (mode == XdpAttachMode.Default ? "" : $" in {Name(mode)} mode"));

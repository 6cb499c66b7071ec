using EbpfCat.Loader;

namespace EbpfCat.Netlink;

/// <summary>A failed network call (a netlink request, a packet socket, entering a network namespace): carries the errno and,
/// for netlink, the text the kernel attached to its answer (the extended ack, kernel 4.12).</summary>
/// <example><code>
/// try { var state = XdpAttach.Query("veth0"); }
/// catch (NetworkOperationException e) { Console.Error.WriteLine($"{e.Operation}: {e.ErrnoName} {e.KernelMessage}"); }
/// </code></example>
public class NetworkOperationException : EbpfCatException
{
    /// <summary>A failure of <paramref name="operation"/> with <paramref name="errno"/>; <paramref name="message"/> is the whole text.</summary>
    public NetworkOperationException(string operation, int errno, string? kernelMessage, string message, Exception? inner = null)
        : base(message, inner)
    {
        Operation = operation;
        Errno = errno;
        KernelMessage = kernelMessage;
    }

    /// <summary>What was attempted, such as <c>RTM_SETLINK</c> or <c>setns</c>.</summary>
    public string Operation { get; }

    /// <summary>The errno the kernel returned.</summary>
    public int Errno { get; }

    /// <summary>The errno's symbolic name, such as <c>EOPNOTSUPP</c>.</summary>
    public string ErrnoName => Loader.Errno.Name(Errno);

    /// <summary>The kernel's own explanation (netlink extended ack, NLMSGERR_ATTR_MSG), or null when it gave none.</summary>
    public string? KernelMessage { get; }

    /// <summary>The exception for <paramref name="operation"/> failing with <paramref name="errno"/>.</summary>
    internal static NetworkOperationException From(string operation, int errno, string? kernelMessage = null, string? context = null)
    {
        var text = $"{operation} failed with {Loader.Errno.Name(errno)}";
        if (context is not null) text += $" ({context})";
        if (kernelMessage is not null) text += $": the kernel says \"{kernelMessage}\"";
        return new NetworkOperationException(operation, errno, kernelMessage, text);
    }
}

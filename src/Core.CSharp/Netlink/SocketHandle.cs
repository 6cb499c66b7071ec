using System.Runtime.InteropServices;
using EbpfCat.Loader.Native;
using EbpfCat.Netlink.Native;

namespace EbpfCat.Netlink;

/// <summary>A socket file descriptor (netlink or packet), closed exactly once when released.</summary>
internal sealed class SocketHandle : SafeHandle
{
    /// <summary>An invalid handle, for the marshaller.</summary>
    public SocketHandle() : base(new IntPtr(-1), ownsHandle: true) { }

    SocketHandle(int fd) : this() => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    protected override bool ReleaseHandle() => Libc.Close(handle.ToInt32()) == 0;

    /// <summary>Opens a close-on-exec socket; <paramref name="operation"/> names it in the error.</summary>
    internal static SocketHandle Open(int domain, int protocol, string operation)
    {
        int fd = SocketCalls.Socket(domain, SocketCalls.SockRaw | SocketCalls.SockCloseOnExec, protocol);
        if (fd < 0) throw NetworkOperationException.From(operation, SocketCalls.LastError);
        return new SocketHandle(fd);
    }

    /// <summary>Runs <paramref name="call"/> with the descriptor number, which cannot be closed meanwhile.</summary>
    internal T With<T>(Func<int, T> call)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        bool added = false;
        DangerousAddRef(ref added);
        try { return call(handle.ToInt32()); }
        finally { if (added) DangerousRelease(); }
    }
}

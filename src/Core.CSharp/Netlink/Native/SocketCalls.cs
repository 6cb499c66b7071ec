using System.Runtime.InteropServices;

namespace EbpfCat.Netlink.Native;

/// <summary>The socket and namespace calls of the C library that netlink, packet sockets and namespaces need,
/// bound with source-generated interop (AOT-safe); close and open are the loader's (<see cref="Loader.Native.Libc"/>).
/// Constants are the Linux values, the same on x86_64 and aarch64.</summary>
internal static unsafe partial class SocketCalls
{
    // glibc's "libc.so" is a linker script, so name the real shared object.
    const string Library = "libc.so.6";

    internal const int AfNetlink = 16;
    internal const int AfPacket = 17;
    internal const int SockRaw = 3;
    internal const int SockCloseOnExec = 0x80000;
    internal const int NetlinkRoute = 0;

    internal const int SolSocket = 1;
    internal const int SoReceiveTimeout = 20;
    internal const int SolNetlink = 270;
    internal const int NetlinkCapAck = 10;
    internal const int NetlinkExtAck = 11;

    internal const int CloneNewNet = 0x40000000;
    internal const int FcntlDuplicateCloseOnExec = 1030;

    internal const int EINTR = 4;
    internal const int EAGAIN = 11;

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(int fd, void* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSocketOption(int fd, int level, int name, void* value, uint valueLength);

    [LibraryImport(Library, EntryPoint = "send", SetLastError = true)]
    internal static partial nint Send(int fd, void* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "recv", SetLastError = true)]
    internal static partial nint Receive(int fd, void* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNamespace(int fd, int namespaceType);

    // fcntl(2) is variadic; its third argument is an int here, passed in a register like any other on Linux.
    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int fd, int command, int argument);

    /// <summary>The errno of the last call, as the marshaller saved it.</summary>
    internal static int LastError => Marshal.GetLastPInvokeError();
}

using System.Runtime.InteropServices;

namespace EbpfCat.Loader.Native;

/// <summary>The few C library calls the loader needs, bound with source-generated interop (AOT-safe).</summary>
internal static unsafe partial class Libc
{
    // glibc's "libc.so" is a linker script, so name the real shared object.
    const string Library = "libc.so.6";

    internal const int ProtRead = 0x1;
    internal const int ProtWrite = 0x2;
    internal const int MapShared = 0x01;
    internal const int MapPrivate = 0x02;
    internal const int MapFixed = 0x10;
    internal const int MapAnonymous = 0x20;
    internal const int OpenReadOnly = 0x0;
    internal const int OpenDirectory = 0x10000;
    internal const int OpenCloseOnExec = 0x80000;

    // syscall(2) is variadic; passing every argument as a full register-sized integer is
    // what the variadic convention does anyway on x86_64 and aarch64 Linux.
    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    internal static partial long Syscall(long number, long command, void* attribute, long size);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    internal static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int Munmap(void* address, nuint length);

    [LibraryImport(Library, EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint InterfaceNameToIndex(string name);
}

using System.Runtime.InteropServices;

namespace EbpfCat.Loader.Native;

/// <summary>The one seam through which every bpf(2) call passes.</summary>
/// <remarks>The attribute is handed over by reference with its exact size, as the kernel
/// expects for <c>union bpf_attr</c>: fields a kernel does not know must be zero.</remarks>
internal static unsafe class BpfSyscall
{
    static readonly long Number = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 321,
        Architecture.Arm64 => 280,
        var other => throw new PlatformNotSupportedException($"bpf(2) has no known syscall number on {other}"),
    };

    const int EAGAIN = 11;

    /// <summary>Calls bpf(2) and returns its non-negative result, or throws <see cref="BpfException"/>.</summary>
    internal static int Invoke<TAttr>(BpfCommand command, ref TAttr attribute) where TAttr : unmanaged
    {
        int errno = TryInvoke(command, ref attribute, out int result);
        return errno == 0 ? result : throw BpfException.From(command, errno);
    }

    /// <summary>Calls bpf(2); returns 0 and the result on success, or the errno.</summary>
    internal static int TryInvoke<TAttr>(BpfCommand command, ref TAttr attribute, out int result) where TAttr : unmanaged
    {
        fixed (TAttr* p = &attribute)
        {
            // The kernel may ask us to try again when it is briefly short of a resource (libbpf retries prog load the same way).
            for (int attempt = 0; ; attempt++)
            {
                long r = Libc.Syscall(Number, (long)command, p, sizeof(TAttr));
                if (r >= 0) { result = (int)r; return 0; }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EAGAIN && attempt < 5) continue;
                result = -1;
                return errno;
            }
        }
    }
}

namespace EbpfCat.Loader;

/// <summary>Linux errno values by name, from asm-generic/errno-base.h and errno.h (the same on x86_64 and aarch64).</summary>
/// <remarks>A table rather than strerror: the names are what kernel sources and documentation use,
/// and the kernel-internal values above 511 (such as ENOTSUPP, which bpf(2) does return) have no strerror text.</remarks>
/// <example><code>Errno.Name(1) == "EPERM"</code></example>
public static class Errno
{
    /// <summary>EPERM: operation not permitted.</summary>
    public const int EPERM = 1;
    /// <summary>ENOENT: no such file, element or object.</summary>
    public const int ENOENT = 2;
    /// <summary>EINTR: interrupted system call.</summary>
    public const int EINTR = 4;
    /// <summary>E2BIG: argument list (attribute) too long.</summary>
    public const int E2BIG = 7;
    /// <summary>EBADF: bad file descriptor.</summary>
    public const int EBADF = 9;
    /// <summary>EAGAIN: try again.</summary>
    public const int EAGAIN = 11;
    /// <summary>ENOMEM: out of memory.</summary>
    public const int ENOMEM = 12;
    /// <summary>EACCES: permission denied.</summary>
    public const int EACCES = 13;
    /// <summary>EFAULT: bad address.</summary>
    public const int EFAULT = 14;
    /// <summary>EBUSY: device or resource busy.</summary>
    public const int EBUSY = 16;
    /// <summary>EEXIST: file or element exists.</summary>
    public const int EEXIST = 17;
    /// <summary>EINVAL: invalid argument.</summary>
    public const int EINVAL = 22;
    /// <summary>ENOSPC: no space left.</summary>
    public const int ENOSPC = 28;
    /// <summary>ENOSYS: function not implemented.</summary>
    public const int ENOSYS = 38;
    /// <summary>EOPNOTSUPP: operation not supported.</summary>
    public const int EOPNOTSUPP = 95;
    /// <summary>ENOTSUPP: operation not supported (kernel-internal value that bpf(2) leaks to user space).</summary>
    public const int ENOTSUPP = 524;

    static readonly string[] Names =
    [
        "0", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
        "41", "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI",
        "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", "58", "EBFONT", "ENOSTR",
        "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM",
        "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD",
        "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE",
        "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN",
        "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT",
        "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM",
        "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD",
        "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
    ];

    // include/linux/errno.h: values the kernel uses internally; a few escape through bpf(2).
    static readonly string[] KernelInternalNames =
    [
        "ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD", "ERESTART_RESTARTBLOCK", "EPROBE_DEFER", "EOPENSTALE", "ENOPARAM", "520",
        "EBADHANDLE", "ENOTSYNC", "EBADCOOKIE", "ENOTSUPP", "ETOOSMALL", "ESERVERFAULT", "EBADTYPE", "EJUKEBOX", "EIOCBQUEUED", "ERECALLCONFLICT",
        "ENOGRACE",
    ];

    /// <summary>The symbolic name of an errno value, such as <c>EPERM</c>; unknown values are named by their number.</summary>
    /// <example><code>Errno.Name(524) == "ENOTSUPP"</code></example>
    public static string Name(int errno) => errno switch
    {
        > 0 when errno < Names.Length => Names[errno],
        >= 512 when errno - 512 < KernelInternalNames.Length => KernelInternalNames[errno - 512],
        _ => $"errno {errno}",
    };
}

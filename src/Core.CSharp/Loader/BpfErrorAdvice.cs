namespace EbpfCat.Loader;

/// <summary>Turns a failed command and its errno into a message a user can act on.</summary>
internal static class BpfErrorAdvice
{
    internal static string Message(BpfCommand command, int errno, string? context)
    {
        var head = $"{command.UapiName()} failed with {Errno.Name(errno)}";
        if (context is not null) head += $" ({context})";
        return Advice(command, errno) is { } advice ? $"{head}: {advice}" : head;
    }

    static string? Advice(BpfCommand command, int errno) => (errno, command) switch
    {
        (Errno.EPERM, BpfCommand.MapLookupElement or BpfCommand.MapUpdateElement or BpfCommand.MapDeleteElement
                or BpfCommand.MapUpdateBatch or BpfCommand.MapDeleteBatch or BpfCommand.MapLookupBatch)
            => "this fd may not do that: the map is frozen (BPF_MAP_FREEZE) or was opened or created read-only or write-only for user space (BPF_F_RDONLY, BPF_F_WRONLY).",
        (Errno.EPERM, BpfCommand.ObjectPin) => "the pin path is not inside a bpffs, or its name has a '.' (bpffs refuses those); mount one with `mount -t bpf bpf /sys/fs/bpf` (or on a directory of your own) and pin below it.",
        (Errno.EPERM, _) =>
            "the process may not use bpf(). Loading programs and creating maps needs CAP_BPF (kernel 5.8+, CAP_SYS_ADMIN before), "
            + "networking programs (XDP, tc) also CAP_NET_ADMIN, tracing programs CAP_PERFMON; run as root or grant these capabilities. "
            + $"Unprivileged use is governed by the sysctl kernel.unprivileged_bpf_disabled (now {UnprivilegedSetting()}). "
            + "On kernels before 5.11 a low RLIMIT_MEMLOCK also gives EPERM.",
        (Errno.ENOSYS, _) => "this kernel has no bpf() syscall (built without CONFIG_BPF_SYSCALL) or a seccomp filter blocks it.",
        (Errno.ENOENT, BpfCommand.MapLookupElement or BpfCommand.MapDeleteElement or BpfCommand.MapLookupAndDeleteElement)
            => "the map has no element with this key.",
        (Errno.ENOENT, BpfCommand.MapUpdateElement) => "the map has no element with this key, and BPF_EXIST asked to update only an existing one.",
        (Errno.ENOENT, BpfCommand.MapGetNextKey) => "the key was the last one; there is no next key.",
        (Errno.ENOENT, BpfCommand.ObjectGet) => "nothing is pinned at this path (is bpffs mounted there?).",
        (Errno.ENOENT, BpfCommand.ProgramGetFdById or BpfCommand.MapGetFdById or BpfCommand.LinkGetFdById)
            => "no object has this id any more (it was freed).",
        (Errno.ENOENT, BpfCommand.ProgramGetNextId or BpfCommand.MapGetNextId or BpfCommand.LinkGetNextId) => "there are no more ids.",
        (Errno.ENOENT, BpfCommand.ObjectPin) => "the directory of the pin path does not exist.",
        (Errno.EEXIST, BpfCommand.MapUpdateElement) => "an element with this key exists, and BPF_NOEXIST asked to create only a new one.",
        (Errno.EEXIST, BpfCommand.ObjectPin) => "something is already pinned at this path; unlink it first or pick another name.",
        (Errno.E2BIG, BpfCommand.MapUpdateElement or BpfCommand.MapUpdateBatch)
            => "the map is full (max_entries reached), or for arrays the key is past the last index.",
        (Errno.E2BIG, BpfCommand.ProgramLoad) => "the program is too large for the verifier (1 million processed instructions, 4096 for unprivileged users), or an attribute field this kernel does not know is set.",
        (Errno.E2BIG, _) => "an attribute field this kernel does not know is set (the feature is newer than the kernel), or a size is larger than the kernel allows.",
        (Errno.EINVAL, BpfCommand.MapCreate)
            => "the kernel rejects these map attributes: the map type may be unknown to this kernel, or the key size, value size, max entries or flags do not suit it (BPF_F_MMAPABLE only for arrays, BPF_F_NO_PREALLOC only for hash-like maps, per-CPU and array maps need a 4-byte key, names only [A-Za-z0-9_.]).",
        (Errno.EINVAL, BpfCommand.ProgramLoad)
            => "the kernel rejects the program attributes or code: unknown program type or expected attach type, invalid flags, no instructions, or instructions the verifier cannot accept (see the verifier log).",
        (Errno.EINVAL, BpfCommand.ProgramTestRun)
            => "this program type cannot be test-run with these inputs: check the data and context sizes (XDP needs at least 14 bytes of packet) and the flags.",
        (Errno.EINVAL, BpfCommand.ObjectPin or BpfCommand.ObjectGet) => "the path is not inside a bpffs; mount one with `mount -t bpf bpf /sys/fs/bpf`.",
        (Errno.EINVAL, BpfCommand.MapLookupElement or BpfCommand.MapUpdateElement or BpfCommand.MapDeleteElement)
            => "the map type does not support this operation from user space (arrays cannot delete), or the flags are invalid for it.",
        (Errno.EINVAL, BpfCommand.LinkCreate) => "the program's type or expected attach type does not match the attach type, or the target is wrong.",
        (Errno.EINVAL, _) => "the kernel rejects an argument of this command.",
        (Errno.ENOSPC, BpfCommand.ProgramLoad) => "the verifier log did not fit in the buffer.",
        (Errno.ENOSPC, BpfCommand.ProgramTestRun) => "the output buffer for data or context is smaller than what the program produced.",
        (Errno.ENOSPC, BpfCommand.MapLookupBatch or BpfCommand.MapLookupAndDeleteBatch) => "a hash bucket holds more elements than the batch has room for.",
        (Errno.EACCES, BpfCommand.ProgramLoad) => "the verifier rejected the program; its log says which instruction and why.",
        (Errno.EACCES, BpfCommand.ObjectPin or BpfCommand.ObjectGet) => "the bpffs path is not accessible to this process.",
        (Errno.EBADF, _) => "a file descriptor passed to the kernel is closed or is not a BPF object of the expected kind.",
        (Errno.ENOMEM, _) => "the kernel could not allocate memory for the object (on kernels before 5.11, raise RLIMIT_MEMLOCK).",
        (Errno.EFAULT, _) => "the kernel could not read or write a buffer passed to it (a bug in EbpfCat; please report it).",
        (Errno.EBUSY, _) => "the object is in use (for example a map that is memory-mapped writable cannot be frozen).",
        (Errno.EOPNOTSUPP or Errno.ENOTSUPP, _) => "this kernel does not support the operation for this kind of object.",
        _ => null,
    };

    static string UnprivilegedSetting()
    {
        try { return File.ReadAllText("/proc/sys/kernel/unprivileged_bpf_disabled").Trim(); }
        catch (IOException) { return "unreadable"; }
        catch (UnauthorizedAccessException) { return "unreadable"; }
    }
}

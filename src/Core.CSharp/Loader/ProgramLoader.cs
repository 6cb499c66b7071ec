using System.Text;
using EbpfCat.Loader.Native;

namespace EbpfCat.Loader;

/// <summary>BPF_PROG_LOAD with the verifier log handled: captured on any failure, grown on ENOSPC, kept on request.</summary>
internal static unsafe class ProgramLoader
{
    /// <summary>The largest log buffer the kernel accepts (UINT_MAX >> 2 since kernel 5.2).</summary>
    internal const int MaxLogSize = int.MaxValue >> 1;

    /// <summary>Loads <paramref name="bytecode"/>; returns the program's fd and the log (null unless one was asked for).
    /// <paramref name="fdArray"/> holds the fds for <c>BPF_PSEUDO_MAP_IDX</c> references, or is null.</summary>
    internal static (BpfFileDescriptor Fd, string? Log) Load(ProgramType type, ReadOnlySpan<byte> bytecode, int[]? fdArray, ProgramLoadOptions options)
    {
        ObjectName.Validate(options.Name, nameof(options));
        if (bytecode.Length == 0 || bytecode.Length % Isa.InstructionEncoding.SlotSize != 0)
            throw new ArgumentException($"bytecode must be a non-empty whole number of 8-byte slots, not {bytecode.Length} bytes", nameof(bytecode));
        var license = Encoding.ASCII.GetBytes(options.License + "\0");
        var level = options.LogLevel;
        int logSize = Math.Clamp(options.InitialLogSize, 1024, MaxLogSize);
        fixed (byte* code = bytecode)
        fixed (byte* lic = license)
        fixed (int* fds = fdArray)
        {
            var attr = new ProgramLoadAttr
            {
                ProgType = (uint)type,
                InsnCnt = (uint)(bytecode.Length / Isa.InstructionEncoding.SlotSize),
                Insns = (ulong)code,
                License = (ulong)lic,
                KernVersion = options.KernelVersion,
                ProgFlags = (uint)options.Flags,
                ProgIfindex = (uint)options.InterfaceIndex,
                ExpectedAttachType = (uint)(options.ExpectedAttachType ?? 0),
                FdArray = (ulong)fds,
            };
            ObjectName.Write(options.Name, attr.ProgName);
            while (true)
            {
                // Without a requested log, try once without one (faster); a failure is retried with a log to explain it.
                byte[]? log = level == VerifierLogLevel.None ? null : new byte[logSize];
                int errno = Attempt(ref attr, level, log, out int fd);
                if (errno == 0) return (new BpfFileDescriptor(fd), log is null ? null : Text(log));
                if (errno is Errno.EPERM or Errno.ENOSYS or Errno.EBADF or Errno.EFAULT or Errno.ENOMEM)
                    throw BpfException.From(BpfCommand.ProgramLoad, errno);
                if (log is null)
                {
                    level = VerifierLogLevel.Basic;
                    continue;
                }
                if (errno == Errno.ENOSPC)
                {
                    if (logSize >= MaxLogSize) throw new VerifierException(errno, Text(log), truncated: true);
                    // The kernel (6.4+) says how much it needs; older ones do not, so grow geometrically.
                    logSize = (int)Math.Min(MaxLogSize, Math.Max((long)attr.LogTrueSize, logSize * 4L));
                    continue;
                }
                var text = Text(log);
                throw text.Length > 0 ? new VerifierException(errno, text) : BpfException.From(BpfCommand.ProgramLoad, errno);
            }
        }
    }

    static int Attempt(ref ProgramLoadAttr attr, VerifierLogLevel level, byte[]? log, out int fd)
    {
        fixed (byte* buffer = log)
        {
            attr.LogLevel = (uint)level;
            attr.LogSize = (uint)(log?.Length ?? 0);
            attr.LogBuf = (ulong)buffer;
            attr.LogTrueSize = 0;
            int errno = BpfSyscall.TryInvoke(BpfCommand.ProgramLoad, ref attr, out fd);
            attr.LogBuf = 0;
            return errno;
        }
    }

    static string Text(byte[] log)
    {
        int end = Array.IndexOf(log, (byte)0);
        return Encoding.UTF8.GetString(log, 0, end < 0 ? log.Length : end);
    }
}

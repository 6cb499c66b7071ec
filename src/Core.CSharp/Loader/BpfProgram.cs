using System.Collections.Immutable;
using EbpfCat.Isa;
using EbpfCat.Loader.Native;
using EbpfCat.Maps;

namespace EbpfCat.Loader;

/// <summary>A program loaded into the kernel (BPF_PROG_LOAD), ready to test-run, pin or attach.</summary>
/// <remarks>Loading runs the kernel verifier; a rejection throws <see cref="VerifierException"/> with the verifier's log.
/// The program keeps the maps it uses alive, so they may be disposed after loading.</remarks>
/// <example><code>
/// using var program = BpfProgram.Load(ProgramType.Xdp, [AluOperation.Mov.Imm(Register.R0, 2), Instruction.Exit()]);
/// var result = program.TestRun(new byte[64]);   // result.ReturnValue == 2 (XDP_PASS)
/// </code></example>
public sealed class BpfProgram : BpfObject
{
    BpfProgram(BpfFileDescriptor handle, ProgramType type, string? verifierLog) : base(handle)
    {
        Type = type;
        VerifierLog = verifierLog;
    }

    /// <summary>The program type.</summary>
    public ProgramType Type { get; }

    /// <summary>The verifier's log of a successful load, when <see cref="ProgramLoadOptions.LogLevel"/> asked for one; otherwise null.</summary>
    public string? VerifierLog { get; }

    /// <summary>Loads a program without map references (BPF_PROG_LOAD).</summary>
    /// <exception cref="VerifierException">The verifier rejected the program.</exception>
    /// <exception cref="BpfException">The kernel refused for another reason (EPERM without CAP_BPF, EINVAL for a bad type).</exception>
    /// <example><code>using var p = BpfProgram.Load(ProgramType.SocketFilter, [AluOperation.Mov.Imm(Register.R0, 0), Instruction.Exit()]);</code></example>
    public static BpfProgram Load(ProgramType type, ReadOnlySpan<Instruction> instructions, ProgramLoadOptions? options = null)
        => Load(type, instructions, [], [], options);

    /// <summary>Loads a program whose map references are resolved by the loader (BPF_PROG_LOAD): each relocation's
    /// <c>lddw</c> gets the file descriptor of its map, and <c>MapIndex</c> pseudo sources are resolved by the kernel
    /// through the fd array of <paramref name="maps"/> (kernel 5.14).</summary>
    /// <exception cref="ArgumentException">A relocation does not point at a map load or names a map that is not in <paramref name="maps"/>.</exception>
    /// <exception cref="VerifierException">The verifier rejected the program.</exception>
    /// <example><code>
    /// using var program = BpfProgram.Load(ProgramType.Xdp, compiled.Instructions, compiled.Relocations, [counters]);
    /// </code></example>
    public static BpfProgram Load(ProgramType type, ReadOnlySpan<Instruction> instructions, IReadOnlyList<MapRelocation> relocations,
        IReadOnlyList<BpfMap> maps, ProgramLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(relocations);
        ArgumentNullException.ThrowIfNull(maps);
        options ??= ProgramLoadOptions.Default;
        // Hold every map's descriptor open until the kernel has taken its own references.
        var handles = maps.Select(m => m.Handle).ToArray();
        var added = new bool[handles.Length];
        try
        {
            var fds = new int[handles.Length];
            for (int i = 0; i < handles.Length; i++)
            {
                ObjectDisposedException.ThrowIf(handles[i].IsClosed, maps[i]);
                handles[i].DangerousAddRef(ref added[i]);
                fds[i] = handles[i].DangerousGetHandle().ToInt32();
            }
            var patched = MapRelocator.Apply(instructions, relocations, fds);
            var fdArray = MapRelocator.NeedsFdArray(patched) ? fds : null;
            var (fd, log) = ProgramLoader.Load(type, InstructionEncoding.Encode(patched), fdArray, options);
            return new BpfProgram(fd, type, log);
        }
        finally
        {
            for (int i = 0; i < handles.Length; i++)
                if (added[i]) handles[i].DangerousRelease();
        }
    }

    /// <summary>Loads raw bytecode (8-byte slots, little endian) whose map references already hold file descriptors (BPF_PROG_LOAD).</summary>
    /// <exception cref="VerifierException">The verifier rejected the program.</exception>
    /// <example><code>using var p = BpfProgram.Load(ProgramType.Xdp, File.ReadAllBytes("prog.bin"));</code></example>
    public static BpfProgram Load(ProgramType type, ReadOnlySpan<byte> bytecode, ProgramLoadOptions? options = null)
    {
        var (fd, log) = ProgramLoader.Load(type, bytecode, null, options ?? ProgramLoadOptions.Default);
        return new BpfProgram(fd, type, log);
    }

    /// <summary>Opens the program pinned at <paramref name="path"/> in a bpffs (BPF_OBJ_GET, kernel 4.4).</summary>
    /// <exception cref="BpfException">ENOENT when nothing is pinned there.</exception>
    /// <exception cref="PinnedObjectKindException">Something other than a program is pinned there.</exception>
    /// <example><code>using var p = BpfProgram.OpenPinned("/sys/fs/bpf/my_prog");</code></example>
    public static BpfProgram OpenPinned(string path) => FromDescriptor(OpenPinnedDescriptor(path, PinnedObjectKind.Program));

    /// <summary>Opens the program with kernel-wide id <paramref name="id"/> (BPF_PROG_GET_FD_BY_ID, kernel 4.13).</summary>
    /// <example><code>using var p = BpfProgram.OpenById(42);</code></example>
    public static BpfProgram OpenById(uint id) => FromDescriptor(OpenDescriptorById(BpfCommand.ProgramGetFdById, id));

    /// <summary>The ids of all programs in the system, in increasing order (BPF_PROG_GET_NEXT_ID, kernel 4.13).</summary>
    /// <example><code>bool loaded = BpfProgram.EnumerateIds().Contains(program.Info.Id);</code></example>
    public static IEnumerable<uint> EnumerateIds() => EnumerateIds(BpfCommand.ProgramGetNextId);

    static BpfProgram FromDescriptor(BpfFileDescriptor fd)
    {
        try { return new BpfProgram(fd, ReadInfo(fd).Type, null); }
        catch { fd.Dispose(); throw; }
    }

    /// <summary>What the kernel reports about this program now (BPF_OBJ_GET_INFO_BY_FD, kernel 4.13).</summary>
    public ProgramInfo Info => ReadInfo(Handle);

    static unsafe ProgramInfo ReadInfo(BpfFileDescriptor handle)
    {
        var info = new BpfProgInfo();
        ReadInfo(handle, ref info);
        // The map ids come in a second call, into a buffer sized by the first.
        var mapIds = new uint[info.NrMapIds];
        if (mapIds.Length > 0)
        {
            fixed (uint* ids = mapIds)
            {
                info = new BpfProgInfo { NrMapIds = (uint)mapIds.Length, MapIds = (ulong)ids };
                ReadInfo(handle, ref info);
            }
        }
        return new ProgramInfo(
            (ProgramType)info.Type, info.Id, ObjectName.Read(info.Name), Convert.ToHexStringLower(new ReadOnlySpan<byte>(info.Tag, 8)),
            (int)(info.XlatedProgLen / InstructionEncoding.SlotSize), (int)info.JitedProgLen,
            [.. mapIds.AsSpan(0, Math.Min(mapIds.Length, (int)info.NrMapIds))], (int)info.VerifiedInsns, (info.GplCompatible & 1) != 0);
    }

    /// <summary>Runs the program once on <paramref name="data"/> (BPF_PROG_TEST_RUN, kernel 4.12).</summary>
    /// <example><code>uint verdict = program.TestRun(packet).ReturnValue;</code></example>
    public TestRunResult TestRun(ReadOnlySpan<byte> data, int repeat = 1)
        => TestRun(new TestRunOptions { Data = data.ToArray(), Repeat = repeat });

    /// <summary>Runs the program in the kernel on the given input without attaching it (BPF_PROG_TEST_RUN, kernel 4.12;
    /// context in and out 5.2): returns the return value, the output data and context, and the mean duration.</summary>
    /// <exception cref="BpfException">EINVAL when the program type cannot be test-run or the input is too short,
    /// ENOSPC when the output does not fit in the sizes given.</exception>
    /// <example><code>var r = program.TestRun(new TestRunOptions { Data = packet, Repeat = 1_000_000 });</code></example>
    public unsafe TestRunResult TestRun(TestRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataOut = new byte[options.DataOutSize ?? (options.Data.IsEmpty ? 0 : options.Data.Length + 256)];
        var contextOut = new byte[options.ContextOutSize ?? options.Context.Length];
        using var fd = Handle.Borrow();
        fixed (byte* dataIn = options.Data.Span)
        fixed (byte* ctxIn = options.Context.Span)
        fixed (byte* dOut = dataOut)
        fixed (byte* cOut = contextOut)
        {
            var attr = new TestRunAttr
            {
                ProgFd = fd.U32,
                DataSizeIn = (uint)options.Data.Length,
                DataIn = (ulong)dataIn,
                DataSizeOut = (uint)dataOut.Length,
                DataOut = dataOut.Length == 0 ? 0 : (ulong)dOut,
                CtxSizeIn = (uint)options.Context.Length,
                CtxIn = (ulong)ctxIn,
                CtxSizeOut = (uint)contextOut.Length,
                CtxOut = contextOut.Length == 0 ? 0 : (ulong)cOut,
                Repeat = (uint)Math.Max(options.Repeat, 0),
                Flags = (uint)options.Flags,
                Cpu = (uint)options.Cpu,
                BatchSize = (uint)options.BatchSize,
            };
            // The kernel ends a test run with EINTR when a signal arrives, and the .NET runtime signals its own
            // threads (GC suspension): run again, as for any interrupted system call.
            int errno;
            do errno = BpfSyscall.TryInvoke(BpfCommand.ProgramTestRun, ref attr, out _);
            while (errno == Errno.EINTR);
            if (errno == Errno.ENOSPC)
                throw BpfException.From(BpfCommand.ProgramTestRun, errno,
                    $"the program produced {attr.DataSizeOut} bytes of data and {attr.CtxSizeOut} of context; DataOutSize and ContextOutSize allow {dataOut.Length} and {contextOut.Length}");
            if (errno != 0) throw BpfException.From(BpfCommand.ProgramTestRun, errno, $"{Type} program");
            return new TestRunResult(attr.Retval, dataOut.AsSpan(0, (int)Math.Min(attr.DataSizeOut, (uint)dataOut.Length)).ToArray(),
                contextOut.AsSpan(0, (int)Math.Min(attr.CtxSizeOut, (uint)contextOut.Length)).ToArray(), attr.Duration);
        }
    }
}

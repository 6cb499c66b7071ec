using System.Collections.Concurrent;
using EbpfCat.Isa;
using EbpfCat.Maps;

namespace EbpfCat.Loader;

/// <summary>What the running kernel accepts, found by asking it: loading tiny programs and creating tiny maps, never by
/// comparing version numbers (distributions backport). Each answer is probed once and cached.</summary>
/// <remarks>Probing needs the same privileges as loading (CAP_BPF); without them the probes throw <see cref="BpfException"/>
/// with EPERM rather than answer "unsupported". Map types and program types that can only be created with BTF type
/// information (local storage maps, struct_ops; tracing, LSM and extension programs) are reported unsupported.</remarks>
/// <example><code>
/// int isa = KernelFeatures.IsaVersion;                        // 4 on kernel 6.6 and later
/// bool ring = KernelFeatures.SupportsMapType(MapType.RingBuffer);
/// bool ktime = KernelFeatures.SupportsHelper(ProgramType.Xdp, 5);   // bpf_ktime_get_ns
/// </code></example>
public static class KernelFeatures
{
    static readonly Lazy<int> isaVersion = new(ProbeIsaVersion);
    static readonly ConcurrentDictionary<MapType, bool> mapTypes = new();
    static readonly ConcurrentDictionary<ProgramType, bool> programTypes = new();
    static readonly ConcurrentDictionary<(ProgramType, int), bool> helpers = new();

    /// <summary>The highest eBPF instruction-set version the verifier accepts: 1, 2 (jlt and friends, kernel 4.14),
    /// 3 (32-bit jumps and atomics with fetch, kernel 5.12) or 4 (signed division, sign-extending moves and loads,
    /// byte swap, gotol; kernel 6.6).</summary>
    public static int IsaVersion => isaVersion.Value;

    /// <summary>True when the kernel creates maps of <paramref name="type"/> (BPF_MAP_CREATE of a tiny map).</summary>
    /// <example><code>if (KernelFeatures.SupportsMapType(MapType.BloomFilter)) { }</code></example>
    public static bool SupportsMapType(MapType type) => mapTypes.GetOrAdd(type, ProbeMapType);

    /// <summary>True when the kernel loads programs of <paramref name="type"/> (BPF_PROG_LOAD of <c>r0 = 0; exit</c>).</summary>
    /// <example><code>if (KernelFeatures.SupportsProgramType(ProgramType.Netfilter)) { }</code></example>
    public static bool SupportsProgramType(ProgramType type) => programTypes.GetOrAdd(type, ProbeProgramType);

    /// <summary>True when programs of <paramref name="type"/> may call helper number <paramref name="helper"/>
    /// (as numbered in uapi <c>enum bpf_func_id</c>): the verifier is asked and its complaint, if any, read.</summary>
    /// <example><code>bool canRedirect = KernelFeatures.SupportsHelper(ProgramType.Xdp, 51);  // bpf_redirect_map</code></example>
    public static bool SupportsHelper(ProgramType type, int helper) => helpers.GetOrAdd((type, helper), key => ProbeHelper(key.Item1, key.Item2));

    // ---- Probes.

    static readonly Instruction[][] IsaProbes =
    [
        // v2: the unsigned "less than" jumps.
        [AluOperation.Mov.Imm(Register.R0, 0), JumpOperation.JLT.Imm(Register.R0, 1, 0), Instruction.Exit()],
        // v3: 32-bit jumps and atomic fetch-and-add.
        [
            AluOperation.Mov.Imm(Register.R0, 0), JumpOperation.JLT.Imm32(Register.R0, 1, 0),
            Instruction.Store(AccessSize.DoubleWord, Register.R10, -8, 0), AluOperation.Mov.Imm(Register.R1, 1),
            Instruction.Atomic(AtomicOperation.FetchAdd, AccessSize.DoubleWord, Register.R10, Register.R1, -8), Instruction.Exit(),
        ],
        // v4: sign-extending load and move, signed division, byte swap and the long jump.
        [
            Instruction.Store(AccessSize.DoubleWord, Register.R10, -8, 0),
            Instruction.LoadSignExtend(AccessSize.Byte, Register.R1, Register.R10, -8),
            AluOperationExtensions.MoveSignExtend(Register.R0, Register.R1, 8),
            AluOperation.Div.SignedImm(Register.R0, 1),
            AluOperationExtensions.ByteSwap(Register.R0, 16),
            Instruction.GotoLong(0),
            Instruction.Exit(),
        ],
    ];

    static int ProbeIsaVersion()
    {
        int version = 1;
        foreach (var probe in IsaProbes)
        {
            if (!Loads(ProgramType.SocketFilter, probe, out _)) break;
            version++;
        }
        return version;
    }

    static bool ProbeProgramType(ProgramType type)
    {
        Instruction[] code = [AluOperation.Mov.Imm(Register.R0, 0), Instruction.Exit()];
        // A kernel that knows the type runs the verifier, which writes a log even when it refuses the trivial program.
        return Loads(type, code, out var log, ExpectedAttachTypeFor(type)) || !string.IsNullOrEmpty(log);
    }

    static bool ProbeHelper(ProgramType type, int helper)
    {
        Instruction[] code = [Instruction.Call(helper), AluOperation.Mov.Imm(Register.R0, 0), Instruction.Exit()];
        if (Loads(type, code, out var log, ExpectedAttachTypeFor(type))) return true;
        // Any complaint but "no such helper here" means the verifier knows the helper (the zero arguments are another matter).
        return log is not null
            && !log.Contains("invalid func ", StringComparison.Ordinal)
            && !log.Contains("unknown func ", StringComparison.Ordinal)
            && !log.Contains("cannot use helper", StringComparison.Ordinal)
            && !log.Contains("is not allowed", StringComparison.Ordinal)
            && log.Length > 0;
    }

    static AttachType? ExpectedAttachTypeFor(ProgramType type) => type switch
    {
        ProgramType.CgroupSockAddr => AttachType.CgroupInet4Connect,
        ProgramType.CgroupSockopt => AttachType.CgroupGetsockopt,
        ProgramType.SkLookup => AttachType.SkLookup,
        ProgramType.Netfilter => AttachType.Netfilter,
        _ => null,
    };

    /// <summary>Loads and immediately closes a program; false with the log (or null) when the kernel refuses it.</summary>
    static bool Loads(ProgramType type, Instruction[] code, out string? log, AttachType? expected = null)
    {
        try
        {
            using var program = BpfProgram.Load(type, code, new ProgramLoadOptions { ExpectedAttachType = expected });
            log = null;
            return true;
        }
        catch (VerifierException e)
        {
            log = e.Log;
            return false;
        }
        catch (BpfException e) when (e.Errno != Errno.EPERM)
        {
            log = null;
            return false;
        }
    }

    static bool ProbeMapType(MapType type)
    {
        var definition = ProbeDefinition(type);
        try
        {
            if (definition.Type is MapType.ArrayOfMaps or MapType.HashOfMaps)
            {
                using var inner = BpfMap.Create(MapType.Array, 4, 4, 1);
                using var outer = BpfMap.Create(definition with { InnerMap = inner });
                return true;
            }
            using var map = BpfMap.Create(definition);
            return true;
        }
        catch (BpfException e) when (e.Errno != Errno.EPERM)
        {
            return false;
        }
    }

    /// <summary>The smallest map of each kind that a kernel knowing the kind creates.</summary>
    static MapDefinition ProbeDefinition(MapType type) => type switch
    {
        MapType.StackTrace => new(type, 4, 8, 1),
        MapType.LpmTrie => new(type, 8, 4, 1) { Flags = MapFlags.NoPrealloc },
        MapType.CgroupStorage or MapType.PerCpuCgroupStorage => new(type, 16, 8, 0),
        MapType.Queue or MapType.Stack or MapType.BloomFilter => new(type, 0, 4, 1),
        MapType.RingBuffer or MapType.UserRingBuffer => new(type, 0, 0, Environment.SystemPageSize),
        MapType.Arena => new(type, 0, 0, 1) { Flags = MapFlags.Mmapable },
        MapType.SocketStorage or MapType.InodeStorage or MapType.TaskStorage or MapType.CgroupLocalStorage
            => new(type, 4, 4, 0) { Flags = MapFlags.NoPrealloc },
        _ => new(type, 4, 4, 1),
    };
}

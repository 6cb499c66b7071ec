using System.Buffers.Binary;
using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Maps;

namespace EbpfCat.Engines;

/// <summary>Runs programs in the running Linux kernel with BPF_PROG_TEST_RUN (kernel 5.2 with the default
/// <see cref="KernelMemory.MapValue"/>), under the conformance convention: r1 points to the memory block, r2 holds
/// its length, and the answer is the full 64-bit r0. Needs root or CAP_BPF + CAP_NET_ADMIN.</summary>
/// <remarks>
/// <para>The program is loaded as XDP after two rewrites (see <see cref="Prepare"/>):</para>
/// <list type="bullet">
/// <item><b>Prologue.</b> The XDP context in r1 is replaced by the memory block: by default a direct load of the
/// value of a one-element array map holding the block (<c>r1 = map_value(memory) + 0; r2 = length</c>), or with
/// <see cref="KernelMemory.Packet"/> the XDP packet, checked once against <c>data_end</c> so that the verifier knows
/// its length. With no memory, r1 = r2 = 0.</item>
/// <item><b>Epilogue.</b> An XDP test run returns only 32 bits of r0, so every <c>exit</c> of the main function becomes
/// <c>r1 = map_value(result) + 0; *(u64 *)(r1 + 0) = r0; exit</c> and the engine reads r0 back from that second
/// array map. Exits of local functions stay plain exits; jumps, local calls and function pointers are retargeted
/// around the inserted instructions.</item>
/// </list>
/// <para>The verifier sees the program otherwise untouched, so a program it rejects is reported as
/// <see cref="EngineOutcome.Rejected"/> with the verifier's last meaningful lines, the kernel's own reason. The engine
/// creates its two maps and the program for each run and closes them afterwards.</para>
/// </remarks>
/// <example><code>
/// var kernel = new KernelEngine();
/// var result = kernel.Run([Instruction.LoadImm64(Register.R0, -2), Instruction.Exit()], memory: null);
/// // result.ReturnValue == 0xfffffffffffffffe: all 64 bits, though XDP's own return value has 32
/// </code></example>
/// <param name="memory">Where the memory block goes; <see cref="KernelMemory.MapValue"/> by default.</param>
/// <param name="logLevel">The verifier log to ask for on every load; the result carries it in
/// <see cref="EngineResult.VerifierLog"/>. None by default: a log costs the verifier time.</param>
public sealed class KernelEngine(KernelMemory memory = KernelMemory.MapValue, VerifierLogLevel logLevel = VerifierLogLevel.None) : IExecutionEngine
{
    /// <summary>The least packet an XDP test run accepts: an Ethernet header.</summary>
    const int MinimumPacket = 14;

    static readonly byte[] Key = new byte[4];

    /// <summary>Where the memory block goes.</summary>
    public KernelMemory Memory { get; } = memory;

    /// <summary>The verifier log each load asks for.</summary>
    public VerifierLogLevel LogLevel { get; } = logLevel;

    /// <inheritdoc/>
    public string Name => "kernel";

    /// <inheritdoc/>
    /// <exception cref="BpfException">The kernel refused for a reason that is not the program's: no permission
    /// (EPERM), no memory, an old kernel without map-value loads.</exception>
    public EngineResult Run(IReadOnlyList<Instruction> program, byte[]? memory)
    {
        ArgumentNullException.ThrowIfNull(program);
        memory = memory is { Length: > 0 } ? memory : null;
        PreparedProgram prepared;
        try { prepared = Prepare(program, memory?.Length ?? 0, Memory); }
        catch (ArgumentException e) { return EngineResult.Rejected(e.Message); }

        using var result = BpfMap.Create(MapType.Array, Key.Length, sizeof(ulong), 1, name: "r0");
        using var block = memory is not null && Memory == KernelMemory.MapValue
            ? BpfMap.Create(MapType.Array, Key.Length, memory.Length, 1, name: "memory")
            : null;
        block?.Update(Key, memory);
        BpfProgram loaded;
        try
        {
            loaded = BpfProgram.Load(ProgramType.Xdp, prepared.Instructions.AsSpan(), prepared.Relocations,
                block is null ? [result] : [result, block], new ProgramLoadOptions { Name = "ebpfcat_engine", LogLevel = LogLevel });
        }
        catch (VerifierException e)
        {
            // The log counts slots of the prepared program; name the instruction of the program as given too.
            var at = e.InstructionIndex is { } slot && prepared.OriginalInstructionAt(slot) is { } index
                ? $"at instruction {index} of the program (slot {slot} as loaded): " : "";
            return EngineResult.Rejected(at + e.Summary) with { VerifierLog = LogLevel == VerifierLogLevel.None ? null : e.Log };
        }
        catch (BpfException e) when (e.Command == BpfCommand.ProgramLoad && e.Errno is Errno.EINVAL or Errno.EACCES or Errno.E2BIG)
        {
            // Some rejections come without a verifier log (a malformed instruction stream, too many instructions).
            return EngineResult.Rejected(e.Message);
        }
        using (loaded)
        {
            var packet = new byte[Math.Max(MinimumPacket, memory?.Length ?? 0)];
            if (Memory == KernelMemory.Packet) memory?.CopyTo(packet, 0);
            var run = loaded.TestRun(new TestRunOptions { Data = packet });
            ulong r0 = BinaryPrimitives.ReadUInt64LittleEndian(result.Lookup(Key));
            // XDP hands back the low half of r0 itself: a free check that the epilogue ran on the way out.
            if ((uint)r0 != run.ReturnValue)
                throw new InvalidOperationException($"the program returned {run.ReturnValue} but stored r0 = 0x{r0:x}: an exit escaped the epilogue");
            byte[]? after = memory is null ? null
                : Memory == KernelMemory.Packet ? run.Data.AsSpan(0, memory.Length).ToArray()
                : block!.Lookup(Key);
            return EngineResult.Returned(r0, after) with { VerifierLog = loaded.VerifierLog };
        }
    }

    /// <summary>The program as <see cref="Run"/> loads it: the prologue that points r1 at a memory block of
    /// <paramref name="memoryLength"/> bytes (r2 = the length), and every <c>exit</c> of the main function storing r0 into
    /// the result map first. Map 0 of the relocations is the result map (an array of one 8-byte value), map 1 the
    /// memory map (one value of <paramref name="memoryLength"/> bytes) with <see cref="KernelMemory.MapValue"/>.</summary>
    /// <exception cref="ArgumentException">A jump of the program leads outside it, or no longer fits after the insertions.</exception>
    /// <example><code>
    /// var prepared = KernelEngine.Prepare(program, memoryLength: 8, KernelMemory.MapValue);
    /// Console.WriteLine(Disassembler.Format(prepared.Instructions));
    /// </code></example>
    public static PreparedProgram Prepare(IReadOnlyList<Instruction> program, int memoryLength, KernelMemory memory = KernelMemory.MapValue)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryLength);
        const int resultMap = 0, memoryMap = 1;
        var prologue = Prologue(memoryLength, memory);
        int mainEnd = ProgramSplicer.MainFunctionEnd(program);
        Instruction[] epilogue =
        [
            Instruction.LoadMapValue(Register.R1, 0, 0),
            Instruction.Store(AccessSize.DoubleWord, Register.R1, 0, Register.R0),
            Instruction.Exit(),
        ];
        var exits = new List<int>();
        var spliced = ProgramSplicer.Splice(program, prologue, (index, slot, instruction) =>
        {
            if (slot >= mainEnd || !instruction.Opcode.IsJump || instruction.Opcode.JumpOperation != JumpOperation.Exit) return null;
            exits.Add(index);
            return epilogue;
        });
        var relocations = new List<MapRelocation>();
        if (memoryLength > 0 && memory == KernelMemory.MapValue) relocations.Add(new MapRelocation(0, memoryMap));
        relocations.AddRange(exits.Select(i => new MapRelocation(spliced.NewIndex[i], resultMap)));
        return new PreparedProgram(spliced.Instructions, relocations) { Origin = spliced.Origin };
    }

    static Instruction[] Prologue(int length, KernelMemory memory)
    {
        if (length == 0) return [AluOperation.Mov.Imm(Register.R1, 0), AluOperation.Mov.Imm(Register.R2, 0)];
        if (memory == KernelMemory.MapValue)
            return [Instruction.LoadMapValue(Register.R1, 0, 0), AluOperation.Mov.Imm(Register.R2, length)];
        // Packet: the verifier learns the block's length from one comparison with data_end, done on r1 itself so
        // that no other register starts out initialized; the early exit is never taken (the packet is long enough).
        return
        [
            Instruction.Load(AccessSize.Word, Register.R2, Register.R1, 4),    // r2 = ctx->data_end
            Instruction.Load(AccessSize.Word, Register.R1, Register.R1, 0),    // r1 = ctx->data
            AluOperation.Add.Imm(Register.R1, length),
            JumpOperation.JLE.Reg(Register.R1, Register.R2, 2),
            AluOperation.Mov.Imm(Register.R0, 0),
            Instruction.Exit(),
            AluOperation.Sub.Imm(Register.R1, length),
            AluOperation.Mov.Imm(Register.R2, length),
        ];
    }
}

/// <summary>A program rewritten for <see cref="KernelEngine"/>: its instructions and the map references the loader resolves.</summary>
/// <param name="Instructions">The program with its prologue and epilogues.</param>
/// <param name="Relocations">Map 0 is the result map, map 1 the memory map (when the memory is a map value).</param>
/// <example><code>var prepared = KernelEngine.Prepare(program, 0); int length = prepared.Instructions.Length;</code></example>
public sealed record PreparedProgram(Instruction[] Instructions, IReadOnlyList<MapRelocation> Relocations)
{
    /// <summary>For each instruction, the index of the original instruction it stands for (an epilogue stands for its
    /// <c>exit</c>), or -1 for the prologue.</summary>
    internal int[] Origin { get; init; } = [];

    /// <summary>The index in the original program of the instruction at <paramref name="slot"/> of <see cref="Instructions"/>,
    /// or null when that slot is the prologue's or outside the program.</summary>
    /// <example><code>int? index = prepared.OriginalInstructionAt(verifierError.InstructionIndex ?? 0);</code></example>
    public int? OriginalInstructionAt(int slot)
    {
        for (int i = 0, at = 0; i < Instructions.Length && at <= slot; at += Instructions[i++].Slots)
            if (slot < at + Instructions[i].Slots) return i < Origin.Length && Origin[i] >= 0 ? Origin[i] : null;
        return null;
    }
}

using EbpfCat.Engines;
using EbpfCat.Isa;
using EbpfCat.Properties.Support;
using Xunit;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Conformance;

/// <summary>How <see cref="KernelEngine"/> prepares and runs a program: the prologue, the epilogue on every exit of the
/// main function only, the full 64-bit r0, the memory in both placements, and rejections named in the caller's terms.</summary>
public sealed class KernelEngineTests
{
    // 0 r0 = 0; 1 call func (slot 5); 2 if r0 == 3 goto exit (slot 4); 3 r0 = 7; 4 exit; func: 5 r0 = 3; 6 exit
    static readonly Instruction[] CallsAFunction =
    [
        AluOperation.Mov.Imm(R0, 0),
        Instruction.CallLocal(3),
        JumpOperation.JEQ.Imm(R0, 3, 1),
        AluOperation.Mov.Imm(R0, 7),
        Instruction.Exit(),
        AluOperation.Mov.Imm(R0, 3),
        Instruction.Exit(),
    ];

    [Fact]
    public void Only_the_main_functions_exits_store_r0_and_jumps_follow_the_moved_code()
    {
        var prepared = KernelEngine.Prepare(CallsAFunction, memoryLength: 0);
        Instruction[] expected =
        [
            AluOperation.Mov.Imm(R1, 0),                          // prologue: no memory
            AluOperation.Mov.Imm(R2, 0),
            AluOperation.Mov.Imm(R0, 0),
            Instruction.CallLocal(6),                             // over the 4-slot epilogue (was +3) to the function
            JumpOperation.JEQ.Imm(R0, 3, 1),                      // still lands on the first instruction of the epilogue
            AluOperation.Mov.Imm(R0, 7),
            Instruction.LoadMapValue(R1, 0, 0),                   // the main function's exit, now storing r0
            Instruction.Store(AccessSize.DoubleWord, R1, 0, R0),
            Instruction.Exit(),
            AluOperation.Mov.Imm(R0, 3),
            Instruction.Exit(),                                   // the function's exit stays an exit
        ];
        Assert.Equal(expected, prepared.Instructions);
        Assert.Equal([new Loader.MapRelocation(6, 0)], prepared.Relocations);
    }

    [Fact]
    public void The_memory_map_value_is_loaded_first_and_r2_is_its_length()
    {
        var prepared = KernelEngine.Prepare([Instruction.Exit()], memoryLength: 12);
        Assert.Equal(Instruction.LoadMapValue(R1, 0, 0), prepared.Instructions[0]);
        Assert.Equal(AluOperation.Mov.Imm(R2, 12), prepared.Instructions[1]);
        Assert.Equal([new Loader.MapRelocation(0, 1), new Loader.MapRelocation(2, 0)], prepared.Relocations);
    }

    [Fact]
    public void A_jump_into_the_middle_of_an_lddw_cannot_be_prepared()
    {
        Instruction[] program = [Instruction.Goto(1), Instruction.LoadImm64(R0, 1), Instruction.Exit()];
        Assert.Throws<ArgumentException>(() => KernelEngine.Prepare(program, 0));
        Assert.Equal(EngineOutcome.Rejected, new InterpreterEngine().Run(program, null).Outcome);
    }

    [Fact]
    public void A_program_with_a_local_function_returns_the_same_in_the_kernel()
    {
        KernelRequirement.Require();
        Assert.Equal(EngineResult.Returned(3, null), new KernelEngine().Run(CallsAFunction, null));
        Assert.Equal(EngineResult.Returned(3, null), new InterpreterEngine().Run(CallsAFunction, null));
    }

    [Theory]
    [InlineData(0xfedc_ba98_7654_3210UL)]
    [InlineData(0xffff_ffff_ffff_fffeUL)]
    [InlineData(0x1_0000_0000UL)]
    public void All_64_bits_of_r0_come_back_though_xdp_returns_32(ulong value)
    {
        KernelRequirement.Require();
        var result = new KernelEngine().Run([Instruction.LoadImm64(R0, unchecked((long)value)), Instruction.Exit()], null);
        Assert.Equal(EngineResult.Returned(value, null), result);
    }

    [Theory]
    [InlineData(KernelMemory.MapValue)]
    [InlineData(KernelMemory.Packet)]
    public void The_memory_as_the_program_left_it_comes_back_in_both_placements(KernelMemory placement)
    {
        KernelRequirement.Require();
        Instruction[] program =
        [
            Instruction.Store(AccessSize.Byte, R1, 1, 0x42),
            Instruction.Load(AccessSize.Byte, R0, R1, 0),
            AluOperation.Add.Reg(R0, R2),
            Instruction.Exit(),
        ];
        var result = new KernelEngine(placement).Run(program, [7, 0, 9]);
        Assert.Equal(EngineOutcome.Returned, result.Outcome);
        Assert.Equal(7UL + 3, result.ReturnValue);
        Assert.Equal([7, 0x42, 9], result.Memory);
        Assert.Equal(result.Memory, new InterpreterEngine().Run(program, [7, 0, 9]).Memory);
    }

    [Fact]
    public void An_access_past_the_memory_is_rejected_because_the_map_value_has_its_exact_size()
    {
        KernelRequirement.Require();
        Instruction[] program = [Instruction.Load(AccessSize.Byte, R0, R1, 8), Instruction.Exit()];
        var kernel = new KernelEngine().Run(program, new byte[8]);
        Assert.Equal(EngineOutcome.Rejected, kernel.Outcome);
        Assert.Contains("invalid access to map value", kernel.Error);
        Assert.Equal(EngineOutcome.Faulted, new InterpreterEngine().Run(program, new byte[8]).Outcome);
    }

    public static TheoryData<Instruction[], string, string> Rejections() => new()
    {
        // A shift the verifier refuses: the log counts slots of the prepared program (two of prologue first).
        { [AluOperation.Mov.Imm(R0, 1), AluOperation.Lsh.Imm(R0, 70), Instruction.Exit()], "at instruction 1 of the program (slot 3 as loaded): ", "invalid shift 70" },
        // r0 never set: the verifier stops at the epilogue's store, which stands for the exit.
        { [Instruction.Exit()], "at instruction 0 of the program (slot 4 as loaded): ", "R0 !read_ok" },
    };

    [Theory, MemberData(nameof(Rejections))]
    public void A_rejection_names_the_instruction_of_the_program_as_given(Instruction[] program, string prefix, string evidence)
    {
        KernelRequirement.Require();
        var result = new KernelEngine().Run(program, null);
        Assert.Equal(EngineOutcome.Rejected, result.Outcome);
        Assert.StartsWith(prefix, result.Error);
        Assert.Contains(evidence, result.Error);
    }

    /// <summary>Why the memory is a map value by default: the verifier lets atomics work on map values but not on packets.</summary>
    [Fact]
    public void Atomics_on_the_memory_run_only_when_it_is_a_map_value()
    {
        KernelRequirement.Require();
        Instruction[] program =
        [
            AluOperation.Mov.Imm(R0, 5),
            Instruction.Atomic(AtomicOperation.Add | AtomicOperation.Fetch, AccessSize.DoubleWord, R1, R0, 0),
            Instruction.Exit(),
        ];
        byte[] memory = [1, 0, 0, 0, 0, 0, 0, 0];
        var mapValue = new KernelEngine(KernelMemory.MapValue).Run(program, memory);
        Assert.Equal(1UL, mapValue.ReturnValue);
        Assert.Equal([6, 0, 0, 0, 0, 0, 0, 0], mapValue.Memory);
        var packet = new KernelEngine(KernelMemory.Packet).Run(program, memory);
        Assert.Equal(EngineOutcome.Rejected, packet.Outcome);
        Assert.Contains("BPF_ATOMIC stores into R1 pkt is not allowed", packet.Error);
    }

    /// <summary>Why the memory may be a map value: every file with memory that runs with the memory as the XDP packet
    /// (as bpf_conformance's libbpf plugin does) runs, with the same result and memory, as a map value (on Linux 6.18
    /// all 40 of the suite's files with memory run both ways).</summary>
    [Fact]
    public void The_map_value_placement_runs_every_conformance_file_the_packet_placement_runs()
    {
        var files = ConformanceFile.FileNames();
        if (files.Count == 0) ConformanceSuite.Load(ConformanceSuite.Missing);
        KernelRequirement.Require();
        int packetRuns = 0, mapValueRuns = 0, withMemory = 0;
        var packetOnlyFailures = new List<string>();
        foreach (var name in files)
        {
            var file = ConformanceSuite.Load(name);
            if (file.Memory.Length == 0) continue;
            withMemory++;
            var program = ConformanceSuite.Program(file);
            var packet = new KernelEngine(KernelMemory.Packet).Run(program, file.Memory);
            var mapValue = new KernelEngine(KernelMemory.MapValue).Run(program, file.Memory);
            if (packet.Succeeded) packetRuns++;
            if (mapValue.Succeeded) mapValueRuns++;
            if (packet.Succeeded)
                Assert.True(mapValue.Succeeded && mapValue.ReturnValue == packet.ReturnValue && mapValue.Memory.AsSpan().SequenceEqual(packet.Memory),
                    $"{name}: packet {packet}, map value {mapValue}");
            else packetOnlyFailures.Add($"{name}: {packet.Error?.Split('\n').Last()}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{withMemory} files with memory: {mapValueRuns} run with a map value, {packetRuns} as a packet; packet failures:{Environment.NewLine}{string.Join(Environment.NewLine, packetOnlyFailures)}");
        Assert.True(mapValueRuns >= packetRuns);
    }
}

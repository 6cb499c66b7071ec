using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Kernel;

public sealed class ProgramTests
{
    [Fact]
    public void An_xdp_program_returns_its_verdict()
    {
        KernelRequirement.Require();
        using var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.Return((int)TestPrograms.XdpPass));
        var result = program.TestRun(TestPrograms.Packet());
        Assert.Equal(TestPrograms.XdpPass, result.ReturnValue);
        Assert.Equal(TestPrograms.Packet(), result.Data);
    }

    [Fact]
    public void An_xdp_program_rewrites_the_packet_it_transmits()
    {
        KernelRequirement.Require();
        using var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.WriteFirstByteAndTransmit(0x42), new() { Name = "rewrite" });
        var packet = TestPrograms.Packet();
        var result = program.TestRun(packet);
        Assert.Equal(TestPrograms.XdpTx, result.ReturnValue);
        Assert.Equal([0x42, .. packet[1..]], result.Data);
    }

    [Fact]
    public void A_repeated_test_run_reports_the_mean_duration()
    {
        KernelRequirement.Require();
        using var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.Return(2));
        var result = program.TestRun(new TestRunOptions { Data = TestPrograms.Packet(), Repeat = 1000 });
        Assert.Equal(2u, result.ReturnValue);
        Assert.InRange(result.DurationNanoseconds, 1u, 1_000_000u);
        Assert.Equal(result.DurationNanoseconds / 100, (uint)result.Duration.Ticks);
    }

    [Fact]
    public void Raw_bytecode_loads_like_instructions()
    {
        KernelRequirement.Require();
        using var program = BpfProgram.Load(ProgramType.SocketFilter, InstructionEncoding.Encode(TestPrograms.Return(17)));
        Assert.Equal(17u, program.TestRun(TestPrograms.Packet()).ReturnValue);
    }

    [Fact]
    public void A_too_small_output_buffer_is_reported_with_the_sizes()
    {
        KernelRequirement.Require();
        using var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.Return(2));
        var e = Assert.Throws<BpfException>(() => program.TestRun(new TestRunOptions { Data = TestPrograms.Packet(64), DataOutSize = 10 }));
        Assert.Equal(Errno.ENOSPC, e.Errno);
        Assert.Contains("64 bytes", e.Message);
    }

    [Fact]
    public void The_verifier_log_is_kept_on_success_when_asked_for()
    {
        KernelRequirement.Require();
        using var basic = BpfProgram.Load(ProgramType.Xdp, TestPrograms.Return(2), new() { LogLevel = VerifierLogLevel.Basic });
        using var stats = BpfProgram.Load(ProgramType.Xdp, TestPrograms.Return(2), new() { LogLevel = VerifierLogLevel.Statistics });
        using var none = BpfProgram.Load(ProgramType.Xdp, TestPrograms.Return(2));
        Assert.Contains("processed 2 insns", basic.VerifierLog);
        Assert.Contains("processed 2 insns", stats.VerifierLog);
        Assert.Null(none.VerifierLog);
    }

    [Fact]
    public void A_log_larger_than_the_first_buffer_is_fetched_whole()
    {
        KernelRequirement.Require();
        // Forty instructions at the verbose level write far more than the 1 KiB first buffer.
        Instruction[] code = [.. Enumerable.Range(0, 40).Select(i => AluOperation.Mov.Imm(R0, i)), Instruction.Exit()];
        using var program = BpfProgram.Load(ProgramType.Xdp, code, new() { LogLevel = VerifierLogLevel.Verbose, InitialLogSize = 1024 });
        Assert.True(program.VerifierLog!.Length > 1024, $"log of {program.VerifierLog.Length} characters");
        Assert.Contains("processed 41 insns", program.VerifierLog);
    }

    [Fact]
    public void A_program_exiting_without_a_return_value_is_rejected_with_the_log()
    {
        KernelRequirement.Require();
        var e = Assert.Throws<VerifierException>(() => BpfProgram.Load(ProgramType.Xdp, [Instruction.Exit()]));
        Assert.Equal("BPF_PROG_LOAD", e.CommandName);
        Assert.Equal(Errno.EACCES, e.Errno);
        Assert.Contains("R0 !read_ok", e.Log);
        Assert.Contains("R0 !read_ok", e.Summary);
        Assert.Equal(0, e.InstructionIndex);
        Assert.Contains("instruction 0", e.Message);
    }

    [Fact]
    public void Reading_an_uninitialised_register_is_rejected_at_that_instruction()
    {
        KernelRequirement.Require();
        Instruction[] code = [AluOperation.Mov.Imm(R0, 0), AluOperation.Add.Reg(R0, R3), Instruction.Exit()];
        var e = Assert.Throws<VerifierException>(() => BpfProgram.Load(ProgramType.SocketFilter, code));
        Assert.Contains("R3 !read_ok", e.Summary);
        Assert.Equal(1, e.InstructionIndex);
    }

    [Fact]
    public void An_unknown_program_type_is_an_error_without_a_log()
    {
        KernelRequirement.Require();
        var e = Assert.Throws<BpfException>(() => BpfProgram.Load((ProgramType)999, TestPrograms.Return(0)));
        Assert.IsNotType<VerifierException>(e);
        Assert.Equal("EINVAL", e.ErrnoName);
        Assert.Contains("program type", e.Message);
    }

    [Fact]
    public void Map_relocations_put_the_maps_into_the_program()
    {
        KernelRequirement.Require();
        using var counter = BpfMap.Create(MapType.Hash, 4, 8, 1);
        counter.Update(new byte[4], new byte[8]);
        using var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.CountInMap(), [TestPrograms.CounterRelocation], [counter]);
        var result = program.TestRun(new TestRunOptions { Data = TestPrograms.Packet(), Repeat = 5 });
        Assert.Equal(TestPrograms.XdpPass, result.ReturnValue);
        Assert.Equal(5L, BitConverter.ToInt64(counter.Lookup(new byte[4])));
    }

    [Fact]
    public void Map_indices_are_resolved_by_the_kernel_through_the_fd_array()
    {
        KernelRequirement.Require();
        using var unused = BpfMap.Create(MapType.Array, 4, 8, 1);
        using var counter = BpfMap.Create(MapType.Array, 4, 8, 1);
        var code = TestPrograms.CountInMap();
        code[3] = Instruction.LoadPseudo(R1, PseudoSource.MapIndex, 1);   // the second map, by index, no relocation
        using var program = BpfProgram.Load(ProgramType.Xdp, code, [], [unused, counter]);
        program.TestRun(new TestRunOptions { Data = TestPrograms.Packet(), Repeat = 3 });
        Assert.Equal(3L, BitConverter.ToInt64(counter.Lookup(new byte[4])));
        Assert.Equal(0L, BitConverter.ToInt64(unused.Lookup(new byte[4])));
    }

    [Fact]
    public void A_relocation_of_an_instruction_that_is_not_a_map_load_is_refused_before_loading()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Array, 4, 8, 1);
        var e = Assert.Throws<ArgumentException>(() => BpfProgram.Load(ProgramType.Xdp, TestPrograms.CountInMap(), [new MapRelocation(0, 0)], [map]));
        Assert.Contains("not a map load", e.Message);
    }

    [Fact]
    public void The_program_keeps_its_maps_alive_after_their_handles_are_disposed()
    {
        KernelRequirement.Require();
        BpfProgram program;
        uint mapId;
        using (var counter = BpfMap.Create(MapType.Array, 4, 8, 1))
        {
            program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.CountInMap(), [TestPrograms.CounterRelocation], [counter]);
            mapId = counter.Info.Id;
        }
        using (program)
        {
            program.TestRun(TestPrograms.Packet());
            using var reopened = BpfMap.OpenById(mapId);
            Assert.Equal(1L, BitConverter.ToInt64(reopened.Lookup(new byte[4])));
        }
    }

    [Fact]
    public void Program_info_names_type_id_tag_size_and_maps()
    {
        KernelRequirement.Require();
        using var counter = BpfMap.Create(MapType.Hash, 4, 8, 1, name: "counter");
        var code = TestPrograms.CountInMap();
        using var program = BpfProgram.Load(ProgramType.Xdp, code, [TestPrograms.CounterRelocation], [counter], new() { Name = "count_it" });
        var info = program.Info;
        Assert.Equal(ProgramType.Xdp, info.Type);
        Assert.Equal("count_it", info.Name);
        Assert.Matches("^[0-9a-f]{16}$", info.Tag);
        Assert.True(info.Id > 0);
        Assert.True(info.TranslatedInstructionCount >= InstructionEncoding.SlotCount(code) - 2, $"{info.TranslatedInstructionCount} xlated");
        Assert.Equal([counter.Info.Id], info.MapIds);
        Assert.True(info.GplCompatible);
        Assert.True(info.VerifiedInstructionCount > 0);
    }

    [Fact]
    public void Programs_are_listed_by_id_and_open_by_id()
    {
        KernelRequirement.Require();
        using var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.Return(2), new() { Name = "by_id" });
        var id = program.Info.Id;
        Assert.Contains(id, BpfProgram.EnumerateIds());
        using var reopened = BpfProgram.OpenById(id);
        Assert.Equal(ProgramType.Xdp, reopened.Type);
        Assert.Equal("by_id", reopened.Info.Name);
        Assert.Equal(2u, reopened.TestRun(TestPrograms.Packet()).ReturnValue);
    }

    [Fact]
    public void Opening_a_freed_id_says_so()
    {
        KernelRequirement.Require();
        var e = Assert.Throws<BpfException>(() => BpfProgram.OpenById(uint.MaxValue));
        Assert.Equal("ENOENT", e.ErrnoName);
        Assert.Contains("no object has this id", e.Message);
    }

    [Fact]
    public void A_disposed_program_cannot_be_used()
    {
        KernelRequirement.Require();
        var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.Return(2));
        program.Dispose();
        Assert.True(program.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => program.TestRun(TestPrograms.Packet()));
    }
}

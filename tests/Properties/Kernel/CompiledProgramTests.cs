using EbpfCat.Interpreter;
using EbpfCat.Isa;
using EbpfCat.Ir;
using EbpfCat.Loader;
using EbpfCat.Passes;
using EbpfCat.Properties.Compiler;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Kernel;

/// <summary>What the compiler emits is accepted by the kernel verifier and computes what the IR says.</summary>
public sealed class CompiledProgramTests
{
    static byte[] Packet(int length, ushort etherTypeAsLoaded = 0)
    {
        var packet = new byte[length];
        if (length >= 14) BitConverter.TryWriteBytes(packet.AsSpan(12), etherTypeAsLoaded);
        return packet;
    }

    static ulong Read(LoadedProgram loaded, MapVariable variable)
    {
        var value = loaded.Maps[variable.Map].Lookup(new byte[variable.Map.KeySize])!;
        return BitConverter.ToUInt64(value, variable.Offset);
    }

    [Fact]
    public void Count_counts_every_run_and_passes_the_packet()
    {
        KernelRequirement.Require();
        using var loaded = LoadedProgram.Load(EbpfCat.Compiler.Compile(ReferencePrograms.CountProgram()), ProgramType.Xdp);
        var result = loaded.Program.TestRun(new TestRunOptions { Data = Packet(64), Repeat = 25 });
        Assert.Equal(2u, result.ReturnValue);
        Assert.Equal(25ul, Read(loaded, ReferencePrograms.Count));
    }

    [Theory]
    [InlineData(14, 0ul, 1ul)]
    [InlineData(60, 0ul, 1ul)]
    public void IpCount_counts_other_ether_types_apart(int length, ulong ipv4, ulong other)
    {
        KernelRequirement.Require();
        using var loaded = LoadedProgram.Load(EbpfCat.Compiler.Compile(ReferencePrograms.IpCountProgram()), ProgramType.Xdp);
        var result = loaded.Program.TestRun(Packet(length, etherTypeAsLoaded: 0x0608)); // ARP as loaded little-endian
        Assert.Equal(2u, result.ReturnValue);
        Assert.Equal(ipv4, Read(loaded, ReferencePrograms.Count));
        Assert.Equal(other, Read(loaded, ReferencePrograms.Other));
    }

    [Fact]
    public void IpCount_counts_ipv4_as_the_seed_compares_it()
    {
        KernelRequirement.Require();
        using var loaded = LoadedProgram.Load(EbpfCat.Compiler.Compile(ReferencePrograms.IpCountProgram()), ProgramType.Xdp);
        loaded.Program.TestRun(new TestRunOptions { Data = Packet(64, etherTypeAsLoaded: 8), Repeat = 3 }); // 0x0800 read little-endian is 8
        Assert.Equal(3ul, Read(loaded, ReferencePrograms.Count));
        Assert.Equal(0ul, Read(loaded, ReferencePrograms.Other));
    }

    /// <summary>A program that counts packets of at least <paramref name="guard"/> bytes (by <c>&gt;=</c>,
    /// <c>&gt;</c> with guard − 1, or <c>&lt;</c> with an early exit), reading the last two guarded bytes (the one, for a 1-byte guard).</summary>
    static IrProgram Guarded(long guard, CompareOperator form)
    {
        var at = new SourceLocation("Guards.cs", 1);
        var read = new Exit(guard >= 2 ? new PacketField(null, (int)guard - 2, IrType.U16, false, at) : new PacketField(null, 0, IrType.U8, false, at), at);
        var length = new PacketLength(at);
        var count = new AtomicAdd(new MapVariableRef(ReferencePrograms.Count, at), ReferencePrograms.Int(1), at);
        Stmt body = form switch
        {
            CompareOperator.GreaterOrEqual => new If(new Compare(form, length, ReferencePrograms.Int(guard), at), new Block([count, read], at), Block.Empty(at), at),
            CompareOperator.Greater => new If(new Compare(form, length, ReferencePrograms.Int(guard - 1), at), new Block([count, read], at), Block.Empty(at), at),
            _ => new Block([new If(new Compare(form, length, ReferencePrograms.Int(guard), at), new Block([new Exit(ReferencePrograms.Int(1), at)], at), Block.Empty(at), at), count, read], at),
        };
        return new IrProgram("guarded", "GPL", [ReferencePrograms.Globals], new Block([body, new Exit(ReferencePrograms.Int(1), at)], at));
    }

    /// <summary>Guards below, at and above the Ethernet header's 14 bytes.</summary>
    public static TheoryData<long, CompareOperator> Guards => new(
        from guard in new long[] { 1, 2, 13, 14, 15, 20, 64 }
        from form in new[] { CompareOperator.GreaterOrEqual, CompareOperator.Greater, CompareOperator.Less }
        select (guard, form));

    /// <summary>The kernel runs XDP only on packets of an Ethernet header or more (BPF_PROG_TEST_RUN, bpf_xdp_adjust_head
    /// and bpf_xdp_adjust_tail all refuse shorter ones), so the same bytecode runs in the interpreter for every length
    /// from the empty packet on, and in the kernel from 14 bytes on, where both must agree.</summary>
    [Theory, MemberData(nameof(Guards))]
    public void A_packet_guard_admits_exactly_the_packets_that_are_long_enough(long guard, CompareOperator form)
    {
        KernelRequirement.Require();
        var compiled = EbpfCat.Compiler.Compile(Guarded(guard, form));
        using var loaded = LoadedProgram.Load(compiled, ProgramType.Xdp);
        for (long length = 0; length <= guard + 2; length++)
        {
            var packet = new byte[length];
            if (length > 0) packet[^1] = 0x5a;
            bool admitted = length >= guard;
            uint expected = !admitted ? 1u : guard >= 2 ? BitConverter.ToUInt16(packet, (int)guard - 2) : packet[0];
            string what = $"{length}-byte packet, guard {form} {guard}";

            var simulated = new SimulatedProgram(compiled);
            var interpreted = simulated.RunXdp(packet);
            Assert.True(expected == interpreted.ReturnValue, $"{what}: interpreter's return value");
            Assert.True((admitted ? 1ul : 0ul) == BitConverter.ToUInt64(simulated.Maps[ReferencePrograms.Globals].Lookup(BitConverter.GetBytes(0))!), $"{what}: interpreter's count");

            if (length < 14) continue;
            loaded.Maps[ReferencePrograms.Globals].Update(BitConverter.GetBytes(0), new byte[ReferencePrograms.Globals.ValueSize]);
            var result = loaded.Program.TestRun(packet);
            Assert.True(expected == result.ReturnValue, $"{what}: kernel's return value");
            Assert.True((admitted ? 1ul : 0ul) == Read(loaded, ReferencePrograms.Count), $"{what}: kernel's count");
        }
    }

    [Fact]
    public void The_kernel_refuses_to_test_run_xdp_on_packets_shorter_than_an_ethernet_header()
    {
        KernelRequirement.Require();
        using var program = BpfProgram.Load(ProgramType.Xdp, [AluOperation.Mov.Imm(Register.R0, 2), Instruction.Exit()]);
        Assert.Equal(2u, program.TestRun(new byte[14]).ReturnValue);
        var e = Assert.Throws<BpfException>(() => program.TestRun(new byte[13]));
        Assert.Equal("EINVAL", e.ErrnoName);
        Assert.Contains("14 bytes", e.Message);
    }

    [Fact]
    public void A_rejected_program_names_the_source_line_of_the_failing_instruction()
    {
        KernelRequirement.Require();
        var here = new SourceLocation("Unguarded.cs", 42, 13);
        var elsewhere = new SourceLocation("Unguarded.cs", 40, 1);
        // an unguarded packet read, let through by switching our own checks off
        var program = new IrProgram("unguarded", "GPL", [], new Block(
        [
            new Exit(new PacketField(null, 12, IrType.U16, false, here), elsewhere),
        ], elsewhere));
        Assert.Throws<Diagnostics.CompilationException>(() => EbpfCat.Compiler.Compile(program));
        var compiled = EbpfCat.Compiler.Compile(program, CompilerOptions.Default with { Checks = false });
        var e = Assert.Throws<VerifierException>(() => LoadedProgram.Load(compiled, ProgramType.Xdp));
        Assert.Equal(here, e.Location);
        Assert.StartsWith("Unguarded.cs:42:13: ", e.Message);
        Assert.Contains("EACCES", e.Message);
    }
}

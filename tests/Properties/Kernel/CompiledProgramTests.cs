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
    /// <c>&gt;</c> with guard − 1, or <c>&lt;</c> with an early exit), reading the last two guarded bytes.</summary>
    static IrProgram Guarded(long guard, CompareOperator form)
    {
        var at = new SourceLocation("Guards.cs", 1);
        var read = new Exit(new PacketField(null, (int)guard - 2, IrType.U16, false, at), at);
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

    public static TheoryData<long, CompareOperator, int> GuardEdges => new(
        from guard in new long[] { 20, 64 }
        from form in new[] { CompareOperator.GreaterOrEqual, CompareOperator.Greater, CompareOperator.Less }
        from delta in new[] { -1, 0, 1 }
        select (guard, form, delta));

    [Theory, MemberData(nameof(GuardEdges))]
    public void A_packet_guard_admits_exactly_the_packets_that_are_long_enough(long guard, CompareOperator form, int delta)
    {
        KernelRequirement.Require();
        using var loaded = LoadedProgram.Load(EbpfCat.Compiler.Compile(Guarded(guard, form)), ProgramType.Xdp);
        var packet = new byte[guard + delta];
        packet[^1] = 0x5a;
        var result = loaded.Program.TestRun(packet);
        bool admitted = delta >= 0;
        Assert.Equal(admitted ? 1ul : 0ul, Read(loaded, ReferencePrograms.Count));
        Assert.Equal(admitted ? BitConverter.ToUInt16(packet, (int)guard - 2) : 1u, result.ReturnValue);
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

using EbpfCat.Interpreter;
using EbpfCat.Ir;
using EbpfCat.Properties.Builder;
using Xunit;

namespace EbpfCat.Properties.Interpreter;

/// <summary>Compiled C# programs run in the interpreter without root, with their maps made as the loader makes them.</summary>
public sealed class SimulatedProgramTests
{
    [Fact]
    public void The_seeds_count_example_counts_in_its_hash_map_without_the_kernel()
    {
        using var program = new Count();
        var simulated = new SimulatedProgram(program.Compile());
        for (int i = 0; i < 3; i++) Assert.Equal(2ul, simulated.RunXdp(new byte[64]).ReturnValue);
        var map = simulated.Maps.Keys.Single();
        Assert.Equal(MapKind.Hash, map.Kind);
        Assert.Equal(3ul, BitConverter.ToUInt64(simulated.Maps[map].Lookup(new byte[map.KeySize])!));
    }

    [Fact]
    public void Each_simulation_starts_with_zeroed_maps()
    {
        using var program = new Count();
        var compiled = program.Compile();
        new SimulatedProgram(compiled).RunXdp(new byte[64]);
        var fresh = new SimulatedProgram(compiled);
        Assert.Equal(0ul, BitConverter.ToUInt64(fresh.Maps.Values.Single().Lookup(new byte[4])!));
    }

    [Fact]
    public void A_read_past_the_packet_faults_with_the_instruction_index()
    {
        var at = new SourceLocation("Unguarded.cs", 3);
        var unguarded = new IrProgram("unguarded", "GPL", [], new Block([new Exit(new PacketField(null, 12, IrType.U16, false, at), at)], at));
        var compiled = EbpfCat.Compiler.Compile(unguarded, EbpfCat.Passes.CompilerOptions.Default with { Checks = false });
        var e = Assert.Throws<InterpreterException>(() => new SimulatedProgram(compiled).RunXdp(new byte[13]));
        int load = compiled.Instructions.ToList().FindIndex(i => i.Opcode.Class == EbpfCat.Isa.InstructionClass.Ldx && i.Offset == 12);
        Assert.Equal(load, e.InstructionIndex);
    }
}

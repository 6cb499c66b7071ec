using Xunit;
using EbpfCat.Isa;

namespace EbpfCat.Properties.Compiler;

public class PipelineTests(ITestOutputHelper output)
{
    [Fact]
    public void Count_compiles_to_six_slots_like_clang_with_globals()
    {
        var compiled = EbpfCat.Compiler.Compile(ReferencePrograms.CountProgram());
        foreach (var i in compiled.Instructions) output.WriteLine(i.ToString() + "   " + i.Opcode + " " + i.Destination + " " + i.Source + " " + i.Offset + " " + i.Immediate);
        Assert.Equal(6, compiled.SlotCount);
        Assert.Single(compiled.MapReferences);
    }

    [Fact]
    public void IpCount_compiles_to_no_more_slots_than_clang()
    {
        var compiled = EbpfCat.Compiler.Compile(ReferencePrograms.IpCountProgram());
        foreach (var i in compiled.Instructions) output.WriteLine(i.ToString() + "   " + i.Opcode + " " + i.Destination + " " + i.Source + " " + i.Offset + " " + i.Immediate);
        Assert.True(compiled.SlotCount <= 15, $"{compiled.SlotCount} slots");
    }

    [Fact]
    public void The_dump_option_shows_the_program_after_every_pass_in_pipeline_order()
    {
        var dumps = new List<(string Pass, string Text)>();
        EbpfCat.Compiler.Compile(ReferencePrograms.IpCountProgram(), EbpfCat.Passes.CompilerOptions.Default with { Dump = (pass, text) => dumps.Add((pass, text)) });
        Assert.Equal(["input", "fixed-point lowering", "simplification", "byte-order elision", "instruction selection", "load sinking", "register allocation", "peephole", "emission"], dumps.Select(d => d.Pass));
        Assert.StartsWith("program ipcount (GPL)", dumps[0].Text);
        Assert.Contains("if (packet.length GreaterOrEqual 14:i64)", dumps[0].Text);
        Assert.Contains("v", dumps[4].Text);                     // virtual registers before allocation
        Assert.DoesNotContain(" v1", dumps[6].Text);             // none after it
        Assert.Contains("   0: r3 = *(u32 *)(r1 + 0x0)", dumps[8].Text); // data first: data_end sinks to the guard that reads it
    }

    [Fact]
    public void Without_optimisations_simplification_is_skipped_and_the_program_is_longer_but_valid()
    {
        var dumps = new List<string>();
        var plain = EbpfCat.Compiler.Compile(ReferencePrograms.IpCountProgram(), EbpfCat.Passes.CompilerOptions.Default with { Optimize = false, Dump = (pass, _) => dumps.Add(pass) });
        Assert.Equal(["input", "fixed-point lowering", "instruction selection", "register allocation", "peephole", "emission"], dumps);
        Assert.True(plain.SlotCount >= EbpfCat.Compiler.Compile(ReferencePrograms.IpCountProgram()).SlotCount);
        Assert.All(plain.Instructions, i => Assert.Null(i.Validate()));
    }
}

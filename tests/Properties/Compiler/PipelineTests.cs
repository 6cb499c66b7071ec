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
}

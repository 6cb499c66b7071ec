using System.Runtime.CompilerServices;
using EbpfCat.Isa;
using EbpfCat.Mir;
using Xunit;
using static EbpfCat.Properties.Passes.MirBuilder;

namespace EbpfCat.Properties.Mir;

/// <summary>A MIR item is a small value the collector never looks into, and reads back as the mark or instruction it was.</summary>
public sealed class MirItemTests
{
    [Fact]
    public void An_item_holds_no_references_and_takes_32_bytes()
    {
        // what keeps a long program's MIR out of the collector's way: arrays of items are neither traced nor, once large, copied
        Assert.False(RuntimeHelpers.IsReferenceOrContainsReferences<MirItem>());
        Assert.Equal(32, Unsafe.SizeOf<MirInstruction>());
        Assert.Equal(32, Unsafe.SizeOf<MirItem>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(int.MaxValue - 1)]
    public void A_label_mark_reads_back_as_its_label_and_is_no_instruction(int id)
    {
        MirItem item = Mark(Label(id));
        Assert.True(item.IsMark);
        Assert.Equal(new MirLabelMark(Label(id)), item.Mark);
        Assert.Null(item.Instruction);
        Assert.Null(item.Target);
        Assert.Equal($"L{id}:", item.ToString());
    }

    [Fact]
    public void An_instruction_reads_back_with_every_field_it_was_given()
    {
        var call = Call(12, arguments: 5) with { Location = 7 };
        var lddw = new MirInstruction(Opcode.LoadImm64, V(20), default, 0, 0x20L << 32, 3) { Map = 2, Pseudo = PseudoSource.MapValue };
        var branch = IfZero(V(17), Label(9)) with { Offset = -4 };
        foreach (var i in new[] { call, lddw, branch })
        {
            MirItem item = i;
            Assert.False(item.IsMark);
            Assert.Null(item.Mark);
            Assert.Equal(i, item.Instruction);
            Assert.Equal(i.Target, item.Target);
        }
        Assert.Equal((5, 7, (int?)null, (MirLabel?)null), (call.Arguments, call.Location, call.Map, call.Target));
        Assert.Equal((2, PseudoSource.MapValue, 3, 0x20L << 32, V(20)), (lddw.Map!.Value, lddw.Pseudo, lddw.Location, lddw.Immediate, lddw.Dst));
        Assert.Equal((Label(9), (short)-4, V(17)), (branch.Target!.Value, branch.Offset, branch.Dst));
        Assert.NotEqual(branch, branch with { Target = Label(10) });
        Assert.Equal(branch, branch with { Target = Label(10) } with { Target = Label(9) });
    }
}

using EbpfCat.Properties.Isa;
using Xunit;

namespace EbpfCat.Properties.Reference;

/// <summary>The text column of <see cref="InstructionTable"/> is what llvm-objdump-19 prints for the bytes,
/// except the documented extensions, where llvm's own text is pinned in <see cref="InstructionTable.LlvmPrintsInstead"/>.</summary>
public sealed class InstructionTableLlvmTests(ClangReference llvm) : IClassFixture<ClangReference>
{
    [Fact]
    public void Llvm_objdump_prints_the_table_text_or_the_pinned_deviation()
    {
        ClangReference.RequireTools();
        var rows = InstructionTableTests.Rows().ToList();
        var printed = llvm.Disassembly(rows.SelectMany(r => InstructionTable.Bytes(r.Hex)).ToArray());
        Assert.Equal(rows.Count, printed.Count);
        var expected = rows.Select(r => InstructionTable.LlvmPrintsInstead.GetValueOrDefault(r.Hex, r.Text));
        Assert.Equal(string.Join('\n', expected), string.Join('\n', printed));
    }

    [Fact]
    public void Every_pinned_deviation_is_a_row_whose_text_differs()
    {
        var rows = InstructionTableTests.Rows().ToDictionary(r => r.Hex, r => r.Text);
        foreach (var (hex, llvmText) in InstructionTable.LlvmPrintsInstead)
            Assert.NotEqual(llvmText, rows[hex]);
    }

    [Fact]
    public void With_cpu_v3_llvm_prints_our_text_for_32_bit_atomics()
    {
        ClangReference.RequireTools();
        var atomics = InstructionTableTests.Rows()
            .Where(r => r.Instruction.Opcode.Class == EbpfCat.Isa.InstructionClass.Stx && r.Instruction.Opcode.Mode == EbpfCat.Isa.AccessMode.Atomic
                        && r.Instruction.Opcode.Size == EbpfCat.Isa.AccessSize.Word && r.Instruction.Immediate != 0)
            .ToList();
        Assert.Equal(9, atomics.Count);
        var printed = llvm.Disassembly(atomics.SelectMany(r => InstructionTable.Bytes(r.Hex)).ToArray(), "v3");
        Assert.Equal(atomics.Select(r => r.Text), printed);
    }
}

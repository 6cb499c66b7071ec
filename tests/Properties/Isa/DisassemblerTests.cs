using EbpfCat.Isa;
using Xunit;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Isa;

/// <summary>The program-level layout of <see cref="Disassembler.Disassemble"/>, and the text of non-instructions.</summary>
public sealed class DisassemblerTests
{
    static readonly Instruction[] Program =
    [
        Instruction.LoadMapValue(R1, 3, 8),
        AluOperation.Mov.Imm(R0, 2),
        JumpOperation.JEQ.Imm(R1, 0, 1),
        Instruction.Atomic(AtomicOperation.Add, AccessSize.DoubleWord, R1, R0, 0),
        Instruction.Exit(),
    ];

    [Fact]
    public void A_program_prints_one_instruction_per_line_without_a_final_newline() => Assert.Equal(
        """
        r1 = map_value(0x3) + 0x8 ll
        r0 = 0x2
        if r1 == 0x0 goto +0x1
        lock *(u64 *)(r1 + 0x0) += r0
        exit
        """.ReplaceLineEndings("\n"),
        Disassembler.Disassemble(Program));

    [Fact]
    public void Slot_indices_count_both_slots_of_lddw() => Assert.Equal(
        """
           0: r1 = map_value(0x3) + 0x8 ll
           2: r0 = 0x2
           3: if r1 == 0x0 goto +0x1
           4: lock *(u64 *)(r1 + 0x0) += r0
           5: exit
        """.ReplaceLineEndings("\n"),
        Disassembler.Disassemble(Program, new DisassemblyOptions { ShowSlotIndices = true }));

    [Fact]
    public void Slot_indices_widen_for_long_programs()
    {
        var program = Enumerable.Repeat(Instruction.Exit(), 10001).ToArray();
        var lines = Disassembler.Disassemble(program, new DisassemblyOptions { ShowSlotIndices = true }).Split('\n');
        Assert.Equal("    0: exit", lines[0]);
        Assert.Equal("10000: exit", lines[^1]);
    }

    [Fact]
    public void An_empty_program_prints_nothing() => Assert.Equal("", Disassembler.Disassemble([]));

    [Fact]
    public void Fields_that_make_no_instruction_print_as_unknown_with_every_field()
        => Assert.Equal("<unknown opcode 0xff dst 0x1 src 0xf off -0x2 imm 0x7>",
            Disassembler.Format(new Instruction(new Opcode(0xff), R1, (Register)15, -2, 7)));

    [Fact]
    public void Instruction_ToString_is_its_disassembly()
        => Assert.Equal("r6 = bswap64 r6", AluOperationExtensions.ByteSwap(R6, 64).ToString());
}

using Xunit;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;
using static EbpfCat.Properties.Interpreter.Asm;

namespace EbpfCat.Properties.Interpreter;

/// <summary>Every conditional jump, 64 and 32 bits, register and immediate, signed and unsigned.</summary>
public class JumpSemanticsTests
{
    const ulong MinusOne = ulong.MaxValue, MinusTwo = ulong.MaxValue - 1;

    // (name, r1, jump on r1 (with r2 = operand) to +1, r2, taken?)
    public static TheoryData<string, ulong, Instruction, ulong, bool> Cases => new()
    {
        { "jeq", 5, JumpOperation.JEQ.Reg(R1, R2, 1), 5, true },
        { "jeq imm is sign-extended", MinusOne, JumpOperation.JEQ.Imm(R1, -1, 1), 0, true },
        { "jeq compares all 64 bits", 0x1_0000_0005, JumpOperation.JEQ.Imm(R1, 5, 1), 0, false },
        { "jne", 5, JumpOperation.JNE.Imm(R1, 6, 1), 0, true },
        { "jne equal", 5, JumpOperation.JNE.Reg(R1, R2, 1), 5, false },
        { "jgt is unsigned", MinusOne, JumpOperation.JGT.Imm(R1, 1, 1), 0, true },
        { "jgt equal", 1, JumpOperation.JGT.Reg(R1, R2, 1), 1, false },
        { "jge equal", 1, JumpOperation.JGE.Imm(R1, 1, 1), 0, true },
        { "jge unsigned", 0, JumpOperation.JGE.Reg(R1, R2, 1), MinusOne, false },
        { "jlt unsigned", 1, JumpOperation.JLT.Reg(R1, R2, 1), MinusOne, true },
        { "jlt imm sign-extended", 1, JumpOperation.JLT.Imm(R1, -1, 1), 0, true },
        { "jle equal", 7, JumpOperation.JLE.Imm(R1, 7, 1), 0, true },
        { "jle greater", 8, JumpOperation.JLE.Reg(R1, R2, 1), 7, false },
        { "jset", 6, JumpOperation.JSET.Imm(R1, 2, 1), 0, true },
        { "jset no common bit", 4, JumpOperation.JSET.Reg(R1, R2, 1), 3, false },
        { "jsgt is signed", MinusOne, JumpOperation.JSGT.Imm(R1, 1, 1), 0, false },
        { "jsgt", 2, JumpOperation.JSGT.Reg(R1, R2, 1), MinusOne, true },
        { "jsge equal negative", MinusTwo, JumpOperation.JSGE.Imm(R1, -2, 1), 0, true },
        { "jsge", MinusTwo, JumpOperation.JSGE.Reg(R1, R2, 1), MinusOne, false },
        { "jslt", MinusTwo, JumpOperation.JSLT.Imm(R1, 1, 1), 0, true },
        { "jslt not", 1, JumpOperation.JSLT.Reg(R1, R2, 1), MinusTwo, false },
        { "jsle equal", MinusOne, JumpOperation.JSLE.Imm(R1, -1, 1), 0, true },
        { "jsle greater", 0, JumpOperation.JSLE.Reg(R1, R2, 1), MinusOne, false },

        { "jeq32 ignores the high half", 0x1_0000_0005, JumpOperation.JEQ.Imm32(R1, 5, 1), 0, true },
        { "jeq32 reg", 0xffff_ffff_0000_0005, JumpOperation.JEQ.Reg32(R1, R2, 1), 5, true },
        { "jne32", 0x1_0000_0005, JumpOperation.JNE.Reg32(R1, R2, 1), 0x2_0000_0005, false },
        { "jne32 imm", 4, JumpOperation.JNE.Imm32(R1, 5, 1), 0, true },
        { "jgt32 low halves only", 0x1_0000_0001, JumpOperation.JGT.Imm32(R1, 2, 1), 0, false },
        { "jgt32 unsigned", 0xffff_ffff, JumpOperation.JGT.Reg32(R1, R2, 1), 1, true },
        { "jge32", 2, JumpOperation.JGE.Imm32(R1, 2, 1), 0, true },
        { "jge32 reg", 1, JumpOperation.JGE.Reg32(R1, R2, 1), 2, false },
        { "jlt32", 0x5_0000_0001, JumpOperation.JLT.Reg32(R1, R2, 1), 2, true },
        { "jlt32 imm is unsigned", 1, JumpOperation.JLT.Imm32(R1, -1, 1), 0, true },
        { "jle32", 3, JumpOperation.JLE.Imm32(R1, 3, 1), 0, true },
        { "jle32 reg", 4, JumpOperation.JLE.Reg32(R1, R2, 1), 3, false },
        { "jset32 ignores the high half", 0x1_0000_0000, JumpOperation.JSET.Imm32(R1, -1, 1), 0, false },
        { "jset32 reg", 0x3, JumpOperation.JSET.Reg32(R1, R2, 1), 0x1_0000_0001, true },
        { "jsgt32 sees the low half's sign", 0x8000_0000, JumpOperation.JSGT.Imm32(R1, 0, 1), 0, false },
        { "jsgt32 reg", 1, JumpOperation.JSGT.Reg32(R1, R2, 1), 0xffff_ffff, true },
        { "jsge32", 0xffff_ffff, JumpOperation.JSGE.Imm32(R1, -1, 1), 0, true },
        { "jsge32 reg", 0xffff_fffe, JumpOperation.JSGE.Reg32(R1, R2, 1), 0xffff_ffff, false },
        { "jslt32", 0xffff_fffe, JumpOperation.JSLT.Imm32(R1, -1, 1), 0, true },
        { "jslt32 reg", 0x7fff_ffff, JumpOperation.JSLT.Reg32(R1, R2, 1), 0x8000_0000, false },
        { "jsle32", 0x1_8000_0000, JumpOperation.JSLE.Imm32(R1, int.MinValue, 1), 0, true },
        { "jsle32 reg", 0, JumpOperation.JSLE.Reg32(R1, R2, 1), 0xffff_ffff, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conditional_jumps_compare_as_the_kernel_does(string name, ulong left, Instruction jump, ulong right, bool taken)
    {
        ulong r0 = ReturnOf(Set(R1, left), Set(R2, right), AluOperation.Mov.Imm(R0, 1), jump, AluOperation.Mov.Imm(R0, 0));
        Assert.True(taken == (r0 == 1), $"{name}: expected the jump {(taken ? "" : "not ")}to be taken");
    }

    [Fact]
    public void Goto_skips_forward_and_offsets_count_lddw_as_two_slots()
    {
        // goto +2 skips the two slots of the lddw.
        Assert.Equal(7UL, ReturnOf(AluOperation.Mov.Imm(R0, 7), Instruction.Goto(2), Set(R0, 99L)));
    }

    [Fact]
    public void Gotol_jumps_by_its_32_bit_immediate()
    {
        Assert.Equal(3UL, ReturnOf(AluOperation.Mov.Imm(R0, 3), Instruction.GotoLong(1), AluOperation.Mov.Imm(R0, 4)));
    }

    [Fact]
    public void A_backward_jump_makes_a_loop()
    {
        // r0 = 0; r1 = 10; do { r0 += r1; r1 -= 1; } while (r1 != 0)
        var result = Run(
        [
            AluOperation.Mov.Imm(R0, 0),
            AluOperation.Mov.Imm(R1, 10),
            AluOperation.Add.Reg(R0, R1),
            AluOperation.Sub.Imm(R1, 1),
            JumpOperation.JNE.Imm(R1, 0, -3),
            Instruction.Exit(),
        ]);
        Assert.Equal(55UL, result.ReturnValue);
        Assert.Equal(2 + 10 * 3 + 1, result.InstructionCount);
    }
}

using Xunit;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;
using static EbpfCat.Properties.Interpreter.Asm;

namespace EbpfCat.Properties.Interpreter;

/// <summary>Every arithmetic instruction, 64 and 32 bits, with the kernel's edge cases.</summary>
public class AluSemanticsTests
{
    const ulong IntMin64 = 0x8000_0000_0000_0000, AllOnes = ulong.MaxValue;

    // (name, r0 before, instruction on r0 with r1 = operand, r1, expected r0)
    public static TheoryData<string, ulong, Instruction, ulong, ulong> Cases => new()
    {
        // ---- 64-bit
        { "add wraps", AllOnes, AluOperation.Add.Reg(R0, R1), 1, 0 },
        { "add imm is sign-extended", 0, AluOperation.Add.Imm(R0, -1), 0, AllOnes },
        { "sub", 5, AluOperation.Sub.Reg(R0, R1), 7, unchecked((ulong)-2L) },
        { "sub imm", 5, AluOperation.Sub.Imm(R0, 7), 0, unchecked((ulong)-2L) },
        { "mul wraps", IntMin64, AluOperation.Mul.Imm(R0, -1), 0, IntMin64 },
        { "mul", 6, AluOperation.Mul.Reg(R0, R1), 7, 42 },
        { "div unsigned", AllOnes, AluOperation.Div.Imm(R0, 2), 0, AllOnes / 2 },
        { "div by zero register gives 0", 10, AluOperation.Div.Reg(R0, R1), 0, 0 },
        { "div by zero imm gives 0", 10, AluOperation.Div.Imm(R0, 0), 0, 0 },
        { "div by negative imm divides by a huge unsigned", 10, AluOperation.Div.Imm(R0, -1), 0, 0 },
        { "sdiv", unchecked((ulong)-10L), AluOperation.Div.SignedImm(R0, 3), 0, unchecked((ulong)-3L) },
        { "sdiv negative divisor", 10, AluOperation.Div.SignedReg(R0, R1), unchecked((ulong)-3L), unchecked((ulong)-3L) },
        { "sdiv INT_MIN / -1 wraps", IntMin64, AluOperation.Div.SignedImm(R0, -1), 0, IntMin64 },
        { "sdiv by zero gives 0", 10, AluOperation.Div.SignedReg(R0, R1), 0, 0 },
        { "mod", 10, AluOperation.Mod.Imm(R0, 3), 0, 1 },
        { "mod by zero leaves dst", 10, AluOperation.Mod.Reg(R0, R1), 0, 10 },
        { "smod takes the dividend's sign", unchecked((ulong)-10L), AluOperation.Mod.SignedImm(R0, 3), 0, unchecked((ulong)-1L) },
        { "smod by negative", 10, AluOperation.Mod.SignedImm(R0, -3), 0, 1 },
        { "smod INT_MIN % -1 is 0", IntMin64, AluOperation.Mod.SignedReg(R0, R1), AllOnes, 0 },
        { "smod by zero leaves dst", unchecked((ulong)-10L), AluOperation.Mod.SignedImm(R0, 0), 0, unchecked((ulong)-10L) },
        { "or", 0xf0, AluOperation.Or.Reg(R0, R1), 0x0f, 0xff },
        { "or imm sign-extended", 0, AluOperation.Or.Imm(R0, int.MinValue), 0, 0xffff_ffff_8000_0000 },
        { "and", 0xff, AluOperation.And.Imm(R0, 0x0f), 0, 0x0f },
        { "xor", 0xff, AluOperation.Xor.Reg(R0, R1), 0x0f, 0xf0 },
        { "lsh", 1, AluOperation.Lsh.Imm(R0, 63), 0, IntMin64 },
        { "lsh masks the count to 6 bits", 1, AluOperation.Lsh.Reg(R0, R1), 65, 2 },
        { "rsh is logical", IntMin64, AluOperation.Rsh.Imm(R0, 63), 0, 1 },
        { "rsh masks the count", 4, AluOperation.Rsh.Reg(R0, R1), 66, 1 },
        { "arsh is arithmetic", unchecked((ulong)-16L), AluOperation.Arsh.Imm(R0, 2), 0, unchecked((ulong)-4L) },
        { "arsh masks the count", unchecked((ulong)-16L), AluOperation.Arsh.Reg(R0, R1), 64 + 2, unchecked((ulong)-4L) },
        { "neg", 5, AluOperationExtensions.Negate(R0), 0, unchecked((ulong)-5L) },
        { "neg INT_MIN", IntMin64, AluOperationExtensions.Negate(R0), 0, IntMin64 },
        { "mov imm sign-extends", 0, AluOperation.Mov.Imm(R0, -1), 0, AllOnes },
        { "mov reg", 0, AluOperation.Mov.Reg(R0, R1), 0x1234_5678_9abc_def0, 0x1234_5678_9abc_def0 },
        { "movsx8", 0, AluOperationExtensions.MoveSignExtend(R0, R1, 8), 0x1_80, 0xffff_ffff_ffff_ff80 },
        { "movsx16", 0, AluOperationExtensions.MoveSignExtend(R0, R1, 16), 0x1_8000, 0xffff_ffff_ffff_8000 },
        { "movsx32", 0, AluOperationExtensions.MoveSignExtend(R0, R1, 32), 0x1_8000_0000, 0xffff_ffff_8000_0000 },
        { "movsx32 positive", 0, AluOperationExtensions.MoveSignExtend(R0, R1, 32), 0xffff_ffff_7fff_ffff, 0x7fff_ffff },

        // ---- 32-bit: operands are the low halves, results zero-extended
        { "add32 zero-extends", 0xffff_ffff_0000_0001, AluOperation.Add.Imm32(R0, 1), 0, 2 },
        { "add32 wraps at 32 bits", 0xffff_ffff, AluOperation.Add.Reg32(R0, R1), 1, 0 },
        { "sub32", 0, AluOperation.Sub.Imm32(R0, 1), 0, 0xffff_ffff },
        { "mul32", 0x1_0000_0002, AluOperation.Mul.Reg32(R0, R1), 0x5_0000_0003, 6 },
        { "div32 ignores the high halves", 0x1_0000_000a, AluOperation.Div.Reg32(R0, R1), 0x7_0000_0003, 3 },
        { "div32 by zero gives 0", 0xffff_ffff_0000_000a, AluOperation.Div.Imm32(R0, 0), 0, 0 },
        { "div32 by a register whose low half is zero", 10, AluOperation.Div.Reg32(R0, R1), 0x1_0000_0000, 0 },
        { "div32 imm is unsigned", 0xffff_ffff, AluOperation.Div.Imm32(R0, -1), 0, 1 },
        { "sdiv32", unchecked((uint)-10), AluOperation.Div.SignedImm(R0, 3, is32: true), 0, unchecked((uint)-3) },
        { "sdiv32 INT_MIN / -1", 0x8000_0000, AluOperation.Div.SignedReg(R0, R1, is32: true), AllOnes, 0x8000_0000 },
        { "sdiv32 by zero gives 0", 0xffff_ffff_0000_0007, AluOperation.Div.SignedImm(R0, 0, is32: true), 0, 0 },
        { "mod32", 0x1_0000_000a, AluOperation.Mod.Imm32(R0, 3), 0, 1 },
        { "mod32 by zero keeps the low half", 0xffff_ffff_0000_0007, AluOperation.Mod.Reg32(R0, R1), 0x1_0000_0000, 7 },
        { "smod32", unchecked((uint)-10), AluOperation.Mod.SignedImm(R0, 3, is32: true), 0, 0xffff_ffff },
        { "smod32 INT_MIN % -1", 0x8000_0000, AluOperation.Mod.SignedImm(R0, -1, is32: true), 0, 0 },
        { "smod32 by zero keeps the low half", 0xffff_ffff_ffff_fff6, AluOperation.Mod.SignedReg(R0, R1, is32: true), 0, 0xffff_fff6 },
        { "or32", 0xffff_ffff_0000_00f0, AluOperation.Or.Imm32(R0, 0x0f), 0, 0xff },
        { "and32", 0xffff_ffff_ffff_ffff, AluOperation.And.Reg32(R0, R1), 0xff, 0xff },
        { "xor32", 0xffff_ffff_0000_00ff, AluOperation.Xor.Imm32(R0, 0x0f), 0, 0xf0 },
        { "lsh32 drops the carried bits", 0x8000_0001, AluOperation.Lsh.Imm32(R0, 1), 0, 2 },
        { "lsh32 masks the count to 5 bits", 1, AluOperation.Lsh.Reg32(R0, R1), 33, 2 },
        { "rsh32 ignores the high half", 0xffff_ffff_8000_0000, AluOperation.Rsh.Imm32(R0, 31), 0, 1 },
        { "rsh32 masks the count", 0x8000_0000, AluOperation.Rsh.Reg32(R0, R1), 32 + 31, 1 },
        { "arsh32 sign-extends within 32 bits only", 0x8000_0000, AluOperation.Arsh.Imm32(R0, 4), 0, 0xf800_0000 },
        { "arsh32 masks the count", 0x8000_0000, AluOperation.Arsh.Reg32(R0, R1), 32 + 4, 0xf800_0000 },
        { "neg32", 1, AluOperationExtensions.Negate(R0, is32: true), 0, 0xffff_ffff },
        { "neg32 INT_MIN", 0x8000_0000, AluOperationExtensions.Negate(R0, is32: true), 0, 0x8000_0000 },
        { "mov32 imm does not sign-extend to 64", 0, AluOperation.Mov.Imm32(R0, -1), 0, 0xffff_ffff },
        { "mov32 reg zero-extends", 0, AluOperation.Mov.Reg32(R0, R1), AllOnes, 0xffff_ffff },
        { "movsx8 to 32", 0, AluOperationExtensions.MoveSignExtend(R0, R1, 8, is32: true), 0x80, 0xffff_ff80 },
        { "movsx16 to 32", 0, AluOperationExtensions.MoveSignExtend(R0, R1, 16, is32: true), 0x8000, 0xffff_8000 },

        // ---- byte order
        { "le16 truncates", 0x1122_3344_5566_7788, AluOperationExtensions.ToLittleEndian(R0, 16), 0, 0x7788 },
        { "le32 truncates", 0x1122_3344_5566_7788, AluOperationExtensions.ToLittleEndian(R0, 32), 0, 0x5566_7788 },
        { "le64 keeps", 0x1122_3344_5566_7788, AluOperationExtensions.ToLittleEndian(R0, 64), 0, 0x1122_3344_5566_7788 },
        { "be16 swaps and zero-extends", 0x1122_3344_5566_7788, AluOperationExtensions.ToBigEndian(R0, 16), 0, 0x8877 },
        { "be32", 0x1122_3344_5566_7788, AluOperationExtensions.ToBigEndian(R0, 32), 0, 0x8877_6655 },
        { "be64", 0x1122_3344_5566_7788, AluOperationExtensions.ToBigEndian(R0, 64), 0, 0x8877_6655_4433_2211 },
        { "bswap16", 0x1122_3344_5566_7788, AluOperationExtensions.ByteSwap(R0, 16), 0, 0x8877 },
        { "bswap32", 0x1122_3344_5566_7788, AluOperationExtensions.ByteSwap(R0, 32), 0, 0x8877_6655 },
        { "bswap64", 0x1122_3344_5566_7788, AluOperationExtensions.ByteSwap(R0, 64), 0, 0x8877_6655_4433_2211 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Arithmetic_matches_the_kernel(string name, ulong before, Instruction operation, ulong operand, ulong expected)
    {
        ulong r0 = ReturnOf(Set(R0, before), Set(R1, operand), operation);
        Assert.True(expected == r0, $"{name}: expected 0x{expected:x}, got 0x{r0:x}");
    }
}

using EbpfCat.Isa;
using Xunit;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Isa;

/// <summary>Every valid opcode and form of the instruction set: its bytes, the instruction built with the
/// factories, and its text, which is what llvm-objdump-19 prints except for the extensions documented on
/// <see cref="Disassembler"/> (listed in <see cref="LlvmPrintsInstead"/>).</summary>
public static class InstructionTable
{
    /// <summary>(bytes as hex, instruction, text) for every form.</summary>
    public static TheoryData<string, Instruction, string> Rows => new()
    {
        // Arithmetic, 64 and 32 bits, immediate and register
        { "07 01 00 00 16 00 00 00", AluOperation.Add.Imm(R1, 22), "r1 += 0x16" },
        { "0f 21 00 00 00 00 00 00", AluOperation.Add.Reg(R1, R2), "r1 += r2" },
        { "04 01 00 00 16 00 00 00", AluOperation.Add.Imm32(R1, 22), "w1 += 0x16" },
        { "0c 21 00 00 00 00 00 00", AluOperation.Add.Reg32(R1, R2), "w1 += w2" },
        { "17 03 00 00 ea ff ff ff", AluOperation.Sub.Imm(R3, -22), "r3 -= -0x16" },
        { "1f 43 00 00 00 00 00 00", AluOperation.Sub.Reg(R3, R4), "r3 -= r4" },
        { "14 03 00 00 ea ff ff ff", AluOperation.Sub.Imm32(R3, -22), "w3 -= -0x16" },
        { "1c 43 00 00 00 00 00 00", AluOperation.Sub.Reg32(R3, R4), "w3 -= w4" },
        { "27 05 00 00 ff ff ff 7f", AluOperation.Mul.Imm(R5, 2147483647), "r5 *= 0x7fffffff" },
        { "2f 65 00 00 00 00 00 00", AluOperation.Mul.Reg(R5, R6), "r5 *= r6" },
        { "24 05 00 00 ff ff ff 7f", AluOperation.Mul.Imm32(R5, 2147483647), "w5 *= 0x7fffffff" },
        { "2c 65 00 00 00 00 00 00", AluOperation.Mul.Reg32(R5, R6), "w5 *= w6" },
        { "37 07 00 00 00 00 00 80", AluOperation.Div.Imm(R7, -2147483648), "r7 /= -0x80000000" },
        { "3f 87 00 00 00 00 00 00", AluOperation.Div.Reg(R7, R8), "r7 /= r8" },
        { "34 07 00 00 00 00 00 80", AluOperation.Div.Imm32(R7, -2147483648), "w7 /= -0x80000000" },
        { "3c 87 00 00 00 00 00 00", AluOperation.Div.Reg32(R7, R8), "w7 /= w8" },
        { "47 09 00 00 00 00 00 00", AluOperation.Or.Imm(R9, 0), "r9 |= 0x0" },
        { "4f 09 00 00 00 00 00 00", AluOperation.Or.Reg(R9, R0), "r9 |= r0" },
        { "44 09 00 00 00 00 00 00", AluOperation.Or.Imm32(R9, 0), "w9 |= 0x0" },
        { "4c 09 00 00 00 00 00 00", AluOperation.Or.Reg32(R9, R0), "w9 |= w0" },
        { "57 00 00 00 01 00 00 00", AluOperation.And.Imm(R0, 1), "r0 &= 0x1" },
        { "5f 90 00 00 00 00 00 00", AluOperation.And.Reg(R0, R9), "r0 &= r9" },
        { "54 00 00 00 01 00 00 00", AluOperation.And.Imm32(R0, 1), "w0 &= 0x1" },
        { "5c 90 00 00 00 00 00 00", AluOperation.And.Reg32(R0, R9), "w0 &= w9" },
        { "67 02 00 00 16 00 00 00", AluOperation.Lsh.Imm(R2, 22), "r2 <<= 0x16" },
        { "6f 12 00 00 00 00 00 00", AluOperation.Lsh.Reg(R2, R1), "r2 <<= r1" },
        { "64 02 00 00 16 00 00 00", AluOperation.Lsh.Imm32(R2, 22), "w2 <<= 0x16" },
        { "6c 12 00 00 00 00 00 00", AluOperation.Lsh.Reg32(R2, R1), "w2 <<= w1" },
        { "77 04 00 00 ea ff ff ff", AluOperation.Rsh.Imm(R4, -22), "r4 >>= -0x16" },
        { "7f 34 00 00 00 00 00 00", AluOperation.Rsh.Reg(R4, R3), "r4 >>= r3" },
        { "74 04 00 00 ea ff ff ff", AluOperation.Rsh.Imm32(R4, -22), "w4 >>= -0x16" },
        { "7c 34 00 00 00 00 00 00", AluOperation.Rsh.Reg32(R4, R3), "w4 >>= w3" },
        { "97 06 00 00 ff ff ff 7f", AluOperation.Mod.Imm(R6, 2147483647), "r6 %= 0x7fffffff" },
        { "9f 56 00 00 00 00 00 00", AluOperation.Mod.Reg(R6, R5), "r6 %= r5" },
        { "94 06 00 00 ff ff ff 7f", AluOperation.Mod.Imm32(R6, 2147483647), "w6 %= 0x7fffffff" },
        { "9c 56 00 00 00 00 00 00", AluOperation.Mod.Reg32(R6, R5), "w6 %= w5" },
        { "a7 08 00 00 00 00 00 80", AluOperation.Xor.Imm(R8, -2147483648), "r8 ^= -0x80000000" },
        { "af 78 00 00 00 00 00 00", AluOperation.Xor.Reg(R8, R7), "r8 ^= r7" },
        { "a4 08 00 00 00 00 00 80", AluOperation.Xor.Imm32(R8, -2147483648), "w8 ^= -0x80000000" },
        { "ac 78 00 00 00 00 00 00", AluOperation.Xor.Reg32(R8, R7), "w8 ^= w7" },
        { "b7 01 00 00 00 00 00 00", AluOperation.Mov.Imm(R1, 0), "r1 = 0x0" },
        { "bf a1 00 00 00 00 00 00", AluOperation.Mov.Reg(R1, R10), "r1 = r10" },
        { "b4 01 00 00 00 00 00 00", AluOperation.Mov.Imm32(R1, 0), "w1 = 0x0" },
        { "bc a1 00 00 00 00 00 00", AluOperation.Mov.Reg32(R1, R10), "w1 = w10" },
        { "c7 00 00 00 01 00 00 00", AluOperation.Arsh.Imm(R0, 1), "r0 s>>= 0x1" },
        { "cf 10 00 00 00 00 00 00", AluOperation.Arsh.Reg(R0, R1), "r0 s>>= r1" },
        { "c4 00 00 00 01 00 00 00", AluOperation.Arsh.Imm32(R0, 1), "w0 s>>= 0x1" },
        { "cc 10 00 00 00 00 00 00", AluOperation.Arsh.Reg32(R0, R1), "w0 s>>= w1" },

        // Signed division and modulo (ISA v4)
        { "37 03 01 00 f9 ff ff ff", AluOperation.Div.SignedImm(R3, -7), "r3 s/= -0x7" },
        { "3f 81 01 00 00 00 00 00", AluOperation.Div.SignedReg(R1, R8), "r1 s/= r8" },
        { "34 03 01 00 f9 ff ff ff", AluOperation.Div.SignedImm(R3, -7, is32: true), "w3 s/= -0x7" },
        { "3c 81 01 00 00 00 00 00", AluOperation.Div.SignedReg(R1, R8, is32: true), "w1 s/= w8" },
        { "97 03 01 00 f9 ff ff ff", AluOperation.Mod.SignedImm(R3, -7), "r3 s%= -0x7" },
        { "9f 81 01 00 00 00 00 00", AluOperation.Mod.SignedReg(R1, R8), "r1 s%= r8" },
        { "94 03 01 00 f9 ff ff ff", AluOperation.Mod.SignedImm(R3, -7, is32: true), "w3 s%= -0x7" },
        { "9c 81 01 00 00 00 00 00", AluOperation.Mod.SignedReg(R1, R8, is32: true), "w1 s%= w8" },

        // Sign-extending moves (ISA v4)
        { "bf 36 08 00 00 00 00 00", AluOperationExtensions.MoveSignExtend(R6, R3, 8), "r6 = (s8)r3" },
        { "bf 36 10 00 00 00 00 00", AluOperationExtensions.MoveSignExtend(R6, R3, 16), "r6 = (s16)r3" },
        { "bf 36 20 00 00 00 00 00", AluOperationExtensions.MoveSignExtend(R6, R3, 32), "r6 = (s32)r3" },
        { "bc 36 08 00 00 00 00 00", AluOperationExtensions.MoveSignExtend(R6, R3, 8, is32: true), "w6 = (s8)w3" },
        { "bc 36 10 00 00 00 00 00", AluOperationExtensions.MoveSignExtend(R6, R3, 16, is32: true), "w6 = (s16)w3" },

        // Negation
        { "87 04 00 00 00 00 00 00", AluOperationExtensions.Negate(R4), "r4 = -r4" },
        { "84 04 00 00 00 00 00 00", AluOperationExtensions.Negate(R4, is32: true), "w4 = -w4" },

        // Byte-order conversions and byte swaps (bswap: ISA v4)
        { "d4 02 00 00 10 00 00 00", AluOperationExtensions.ToLittleEndian(R2, 16), "r2 = le16 r2" },
        { "dc 02 00 00 10 00 00 00", AluOperationExtensions.ToBigEndian(R2, 16), "r2 = be16 r2" },
        { "d7 06 00 00 10 00 00 00", AluOperationExtensions.ByteSwap(R6, 16), "r6 = bswap16 r6" },
        { "d4 02 00 00 20 00 00 00", AluOperationExtensions.ToLittleEndian(R2, 32), "r2 = le32 r2" },
        { "dc 02 00 00 20 00 00 00", AluOperationExtensions.ToBigEndian(R2, 32), "r2 = be32 r2" },
        { "d7 06 00 00 20 00 00 00", AluOperationExtensions.ByteSwap(R6, 32), "r6 = bswap32 r6" },
        { "d4 02 00 00 40 00 00 00", AluOperationExtensions.ToLittleEndian(R2, 64), "r2 = le64 r2" },
        { "dc 02 00 00 40 00 00 00", AluOperationExtensions.ToBigEndian(R2, 64), "r2 = be64 r2" },
        { "d7 06 00 00 40 00 00 00", AluOperationExtensions.ByteSwap(R6, 64), "r6 = bswap64 r6" },

        // Conditional jumps, JMP and JMP32 (ISA v3), immediate and register
        { "15 03 20 00 00 00 00 00", JumpOperation.JEQ.Imm(R3, 0, 32), "if r3 == 0x0 goto +0x20" },
        { "1d 23 20 00 00 00 00 00", JumpOperation.JEQ.Reg(R3, R2, 32), "if r3 == r2 goto +0x20" },
        { "16 03 20 00 00 00 00 00", JumpOperation.JEQ.Imm32(R3, 0, 32), "if w3 == 0x0 goto +0x20" },
        { "1e 23 20 00 00 00 00 00", JumpOperation.JEQ.Reg32(R3, R2, 32), "if w3 == w2 goto +0x20" },
        { "25 03 fb ff ff ff ff ff", JumpOperation.JGT.Imm(R3, -1, -5), "if r3 > -0x1 goto -0x5" },
        { "2d 23 fb ff 00 00 00 00", JumpOperation.JGT.Reg(R3, R2, -5), "if r3 > r2 goto -0x5" },
        { "26 03 fb ff ff ff ff ff", JumpOperation.JGT.Imm32(R3, -1, -5), "if w3 > -0x1 goto -0x5" },
        { "2e 23 fb ff 00 00 00 00", JumpOperation.JGT.Reg32(R3, R2, -5), "if w3 > w2 goto -0x5" },
        { "35 03 00 00 ff ff ff 7f", JumpOperation.JGE.Imm(R3, 2147483647, 0), "if r3 >= 0x7fffffff goto +0x0" },
        { "3d 23 00 00 00 00 00 00", JumpOperation.JGE.Reg(R3, R2, 0), "if r3 >= r2 goto +0x0" },
        { "36 03 00 00 ff ff ff 7f", JumpOperation.JGE.Imm32(R3, 2147483647, 0), "if w3 >= 0x7fffffff goto +0x0" },
        { "3e 23 00 00 00 00 00 00", JumpOperation.JGE.Reg32(R3, R2, 0), "if w3 >= w2 goto +0x0" },
        { "45 03 ff 7f 00 00 00 80", JumpOperation.JSET.Imm(R3, -2147483648, 32767), "if r3 & -0x80000000 goto +0x7fff" },
        { "4d 23 ff 7f 00 00 00 00", JumpOperation.JSET.Reg(R3, R2, 32767), "if r3 & r2 goto +0x7fff" },
        { "46 03 ff 7f 00 00 00 80", JumpOperation.JSET.Imm32(R3, -2147483648, 32767), "if w3 & -0x80000000 goto +0x7fff" },
        { "4e 23 ff 7f 00 00 00 00", JumpOperation.JSET.Reg32(R3, R2, 32767), "if w3 & w2 goto +0x7fff" },
        { "55 03 00 80 08 00 00 00", JumpOperation.JNE.Imm(R3, 8, -32768), "if r3 != 0x8 goto -0x8000" },
        { "5d 23 00 80 00 00 00 00", JumpOperation.JNE.Reg(R3, R2, -32768), "if r3 != r2 goto -0x8000" },
        { "56 03 00 80 08 00 00 00", JumpOperation.JNE.Imm32(R3, 8, -32768), "if w3 != 0x8 goto -0x8000" },
        { "5e 23 00 80 00 00 00 00", JumpOperation.JNE.Reg32(R3, R2, -32768), "if w3 != w2 goto -0x8000" },
        { "65 03 01 00 00 08 00 00", JumpOperation.JSGT.Imm(R3, 2048, 1), "if r3 s> 0x800 goto +0x1" },
        { "6d 23 01 00 00 00 00 00", JumpOperation.JSGT.Reg(R3, R2, 1), "if r3 s> r2 goto +0x1" },
        { "66 03 01 00 00 08 00 00", JumpOperation.JSGT.Imm32(R3, 2048, 1), "if w3 s> 0x800 goto +0x1" },
        { "6e 23 01 00 00 00 00 00", JumpOperation.JSGT.Reg32(R3, R2, 1), "if w3 s> w2 goto +0x1" },
        { "75 03 20 00 00 00 00 00", JumpOperation.JSGE.Imm(R3, 0, 32), "if r3 s>= 0x0 goto +0x20" },
        { "7d 23 20 00 00 00 00 00", JumpOperation.JSGE.Reg(R3, R2, 32), "if r3 s>= r2 goto +0x20" },
        { "76 03 20 00 00 00 00 00", JumpOperation.JSGE.Imm32(R3, 0, 32), "if w3 s>= 0x0 goto +0x20" },
        { "7e 23 20 00 00 00 00 00", JumpOperation.JSGE.Reg32(R3, R2, 32), "if w3 s>= w2 goto +0x20" },
        { "a5 03 fb ff ff ff ff ff", JumpOperation.JLT.Imm(R3, -1, -5), "if r3 < -0x1 goto -0x5" },
        { "ad 23 fb ff 00 00 00 00", JumpOperation.JLT.Reg(R3, R2, -5), "if r3 < r2 goto -0x5" },
        { "a6 03 fb ff ff ff ff ff", JumpOperation.JLT.Imm32(R3, -1, -5), "if w3 < -0x1 goto -0x5" },
        { "ae 23 fb ff 00 00 00 00", JumpOperation.JLT.Reg32(R3, R2, -5), "if w3 < w2 goto -0x5" },
        { "b5 03 00 00 ff ff ff 7f", JumpOperation.JLE.Imm(R3, 2147483647, 0), "if r3 <= 0x7fffffff goto +0x0" },
        { "bd 23 00 00 00 00 00 00", JumpOperation.JLE.Reg(R3, R2, 0), "if r3 <= r2 goto +0x0" },
        { "b6 03 00 00 ff ff ff 7f", JumpOperation.JLE.Imm32(R3, 2147483647, 0), "if w3 <= 0x7fffffff goto +0x0" },
        { "be 23 00 00 00 00 00 00", JumpOperation.JLE.Reg32(R3, R2, 0), "if w3 <= w2 goto +0x0" },
        { "c5 03 ff 7f 00 00 00 80", JumpOperation.JSLT.Imm(R3, -2147483648, 32767), "if r3 s< -0x80000000 goto +0x7fff" },
        { "cd 23 ff 7f 00 00 00 00", JumpOperation.JSLT.Reg(R3, R2, 32767), "if r3 s< r2 goto +0x7fff" },
        { "c6 03 ff 7f 00 00 00 80", JumpOperation.JSLT.Imm32(R3, -2147483648, 32767), "if w3 s< -0x80000000 goto +0x7fff" },
        { "ce 23 ff 7f 00 00 00 00", JumpOperation.JSLT.Reg32(R3, R2, 32767), "if w3 s< w2 goto +0x7fff" },
        { "d5 03 00 80 08 00 00 00", JumpOperation.JSLE.Imm(R3, 8, -32768), "if r3 s<= 0x8 goto -0x8000" },
        { "dd 23 00 80 00 00 00 00", JumpOperation.JSLE.Reg(R3, R2, -32768), "if r3 s<= r2 goto -0x8000" },
        { "d6 03 00 80 08 00 00 00", JumpOperation.JSLE.Imm32(R3, 8, -32768), "if w3 s<= 0x8 goto -0x8000" },
        { "de 23 00 80 00 00 00 00", JumpOperation.JSLE.Reg32(R3, R2, -32768), "if w3 s<= w2 goto -0x8000" },

        // Unconditional jumps (gotol: ISA v4)
        { "05 00 20 00 00 00 00 00", Instruction.Goto(32), "goto +0x20" },
        { "05 00 ff ff 00 00 00 00", Instruction.Goto(-1), "goto -0x1" },
        { "05 00 00 00 00 00 00 00", Instruction.Goto(0), "goto +0x0" },
        { "06 00 00 00 45 23 01 00", Instruction.GotoLong(0x12345), "gotol +0x12345" },
        { "06 00 00 00 00 00 00 80", Instruction.GotoLong(-0x80000000), "gotol -0x80000000" },

        // Calls and exit
        { "85 00 00 00 01 00 00 00", Instruction.Call(1), "call 0x1" },
        { "85 00 00 00 d1 00 00 00", Instruction.Call(0xd1), "call 0xd1" },
        { "85 10 00 00 03 00 00 00", Instruction.CallLocal(3), "call local +0x3" },
        { "85 10 00 00 fb ff ff ff", Instruction.CallLocal(-5), "call local -0x5" },
        { "85 10 00 00 ff ff ff ff", Instruction.CallLocal(-1), "call local -0x1" },
        { "85 20 00 00 34 12 00 00", Instruction.CallKernelFunction(0x1234), "call kfunc 0x1234" },
        { "85 20 01 00 34 12 00 00", Instruction.CallKernelFunction(0x1234, 1), "call kfunc 0x1234, 0x1" },
        { "8d 03 00 00 00 00 00 00", Instruction.CallRegister(R3), "callx r3" },
        { "95 00 00 00 00 00 00 00", Instruction.Exit(), "exit" },

        // Loads
        { "61 12 04 00 00 00 00 00", Instruction.Load(AccessSize.Word, R2, R1, 4), "r2 = *(u32 *)(r1 + 0x4)" },
        { "61 a0 f8 ff 00 00 00 00", Instruction.Load(AccessSize.Word, R0, R10, -8), "r0 = *(u32 *)(r10 - 0x8)" },
        { "69 12 04 00 00 00 00 00", Instruction.Load(AccessSize.Half, R2, R1, 4), "r2 = *(u16 *)(r1 + 0x4)" },
        { "69 a0 f8 ff 00 00 00 00", Instruction.Load(AccessSize.Half, R0, R10, -8), "r0 = *(u16 *)(r10 - 0x8)" },
        { "71 12 04 00 00 00 00 00", Instruction.Load(AccessSize.Byte, R2, R1, 4), "r2 = *(u8 *)(r1 + 0x4)" },
        { "71 a0 f8 ff 00 00 00 00", Instruction.Load(AccessSize.Byte, R0, R10, -8), "r0 = *(u8 *)(r10 - 0x8)" },
        { "79 12 04 00 00 00 00 00", Instruction.Load(AccessSize.DoubleWord, R2, R1, 4), "r2 = *(u64 *)(r1 + 0x4)" },
        { "79 a0 f8 ff 00 00 00 00", Instruction.Load(AccessSize.DoubleWord, R0, R10, -8), "r0 = *(u64 *)(r10 - 0x8)" },

        // Sign-extending loads (ISA v4)
        { "81 12 04 00 00 00 00 00", Instruction.LoadSignExtend(AccessSize.Word, R2, R1, 4), "r2 = *(s32 *)(r1 + 0x4)" },
        { "81 a9 00 80 00 00 00 00", Instruction.LoadSignExtend(AccessSize.Word, R9, R10, -0x8000), "r9 = *(s32 *)(r10 - 0x8000)" },
        { "89 12 04 00 00 00 00 00", Instruction.LoadSignExtend(AccessSize.Half, R2, R1, 4), "r2 = *(s16 *)(r1 + 0x4)" },
        { "89 a9 00 80 00 00 00 00", Instruction.LoadSignExtend(AccessSize.Half, R9, R10, -0x8000), "r9 = *(s16 *)(r10 - 0x8000)" },
        { "91 12 04 00 00 00 00 00", Instruction.LoadSignExtend(AccessSize.Byte, R2, R1, 4), "r2 = *(s8 *)(r1 + 0x4)" },
        { "91 a9 00 80 00 00 00 00", Instruction.LoadSignExtend(AccessSize.Byte, R9, R10, -0x8000), "r9 = *(s8 *)(r10 - 0x8000)" },

        // Stores of immediates and registers
        { "62 0a f8 ff 7f 00 00 00", Instruction.Store(AccessSize.Word, R10, -8, 0x7f), "*(u32 *)(r10 - 0x8) = 0x7f" },
        { "62 01 ff 7f ff ff ff ff", Instruction.Store(AccessSize.Word, R1, 0x7fff, -1), "*(u32 *)(r1 + 0x7fff) = -0x1" },
        { "63 1a f0 ff 00 00 00 00", Instruction.Store(AccessSize.Word, R10, -16, R1), "*(u32 *)(r10 - 0x10) = r1" },
        { "63 21 00 00 00 00 00 00", Instruction.Store(AccessSize.Word, R1, 0, R2), "*(u32 *)(r1 + 0x0) = r2" },
        { "6a 0a f8 ff 7f 00 00 00", Instruction.Store(AccessSize.Half, R10, -8, 0x7f), "*(u16 *)(r10 - 0x8) = 0x7f" },
        { "6a 01 ff 7f ff ff ff ff", Instruction.Store(AccessSize.Half, R1, 0x7fff, -1), "*(u16 *)(r1 + 0x7fff) = -0x1" },
        { "6b 1a f0 ff 00 00 00 00", Instruction.Store(AccessSize.Half, R10, -16, R1), "*(u16 *)(r10 - 0x10) = r1" },
        { "6b 21 00 00 00 00 00 00", Instruction.Store(AccessSize.Half, R1, 0, R2), "*(u16 *)(r1 + 0x0) = r2" },
        { "72 0a f8 ff 7f 00 00 00", Instruction.Store(AccessSize.Byte, R10, -8, 0x7f), "*(u8 *)(r10 - 0x8) = 0x7f" },
        { "72 01 ff 7f ff ff ff ff", Instruction.Store(AccessSize.Byte, R1, 0x7fff, -1), "*(u8 *)(r1 + 0x7fff) = -0x1" },
        { "73 1a f0 ff 00 00 00 00", Instruction.Store(AccessSize.Byte, R10, -16, R1), "*(u8 *)(r10 - 0x10) = r1" },
        { "73 21 00 00 00 00 00 00", Instruction.Store(AccessSize.Byte, R1, 0, R2), "*(u8 *)(r1 + 0x0) = r2" },
        { "7a 0a f8 ff 7f 00 00 00", Instruction.Store(AccessSize.DoubleWord, R10, -8, 0x7f), "*(u64 *)(r10 - 0x8) = 0x7f" },
        { "7a 01 ff 7f ff ff ff ff", Instruction.Store(AccessSize.DoubleWord, R1, 0x7fff, -1), "*(u64 *)(r1 + 0x7fff) = -0x1" },
        { "7b 1a f0 ff 00 00 00 00", Instruction.Store(AccessSize.DoubleWord, R10, -16, R1), "*(u64 *)(r10 - 0x10) = r1" },
        { "7b 21 00 00 00 00 00 00", Instruction.Store(AccessSize.DoubleWord, R1, 0, R2), "*(u64 *)(r1 + 0x0) = r2" },

        // Atomics, double word and word (fetch, xchg, cmpxchg: ISA v3)
        { "db 27 00 00 00 00 00 00", Instruction.Atomic(AtomicOperation.Add, AccessSize.DoubleWord, R7, R2, 0), "lock *(u64 *)(r7 + 0x0) += r2" },
        { "c3 27 00 00 00 00 00 00", Instruction.Atomic(AtomicOperation.Add, AccessSize.Word, R7, R2, 0), "lock *(u32 *)(r7 + 0x0) += r2" },
        { "db 27 00 00 40 00 00 00", Instruction.Atomic(AtomicOperation.Or, AccessSize.DoubleWord, R7, R2, 0), "lock *(u64 *)(r7 + 0x0) |= r2" },
        { "c3 27 00 00 40 00 00 00", Instruction.Atomic(AtomicOperation.Or, AccessSize.Word, R7, R2, 0), "lock *(u32 *)(r7 + 0x0) |= w2" },
        { "db 27 00 00 50 00 00 00", Instruction.Atomic(AtomicOperation.And, AccessSize.DoubleWord, R7, R2, 0), "lock *(u64 *)(r7 + 0x0) &= r2" },
        { "c3 27 00 00 50 00 00 00", Instruction.Atomic(AtomicOperation.And, AccessSize.Word, R7, R2, 0), "lock *(u32 *)(r7 + 0x0) &= w2" },
        { "db 27 00 00 a0 00 00 00", Instruction.Atomic(AtomicOperation.Xor, AccessSize.DoubleWord, R7, R2, 0), "lock *(u64 *)(r7 + 0x0) ^= r2" },
        { "c3 27 00 00 a0 00 00 00", Instruction.Atomic(AtomicOperation.Xor, AccessSize.Word, R7, R2, 0), "lock *(u32 *)(r7 + 0x0) ^= w2" },
        { "db 27 00 00 01 00 00 00", Instruction.Atomic(AtomicOperation.FetchAdd, AccessSize.DoubleWord, R7, R2, 0), "r2 = atomic_fetch_add((u64 *)(r7 + 0x0), r2)" },
        { "c3 27 00 00 01 00 00 00", Instruction.Atomic(AtomicOperation.FetchAdd, AccessSize.Word, R7, R2, 0), "w2 = atomic_fetch_add((u32 *)(r7 + 0x0), w2)" },
        { "db 27 00 00 41 00 00 00", Instruction.Atomic(AtomicOperation.FetchOr, AccessSize.DoubleWord, R7, R2, 0), "r2 = atomic_fetch_or((u64 *)(r7 + 0x0), r2)" },
        { "c3 27 00 00 41 00 00 00", Instruction.Atomic(AtomicOperation.FetchOr, AccessSize.Word, R7, R2, 0), "w2 = atomic_fetch_or((u32 *)(r7 + 0x0), w2)" },
        { "db 27 00 00 51 00 00 00", Instruction.Atomic(AtomicOperation.FetchAnd, AccessSize.DoubleWord, R7, R2, 0), "r2 = atomic_fetch_and((u64 *)(r7 + 0x0), r2)" },
        { "c3 27 00 00 51 00 00 00", Instruction.Atomic(AtomicOperation.FetchAnd, AccessSize.Word, R7, R2, 0), "w2 = atomic_fetch_and((u32 *)(r7 + 0x0), w2)" },
        { "db 27 f0 ff a1 00 00 00", Instruction.Atomic(AtomicOperation.FetchXor, AccessSize.DoubleWord, R7, R2, -16), "r2 = atomic_fetch_xor((u64 *)(r7 - 0x10), r2)" },
        { "c3 27 f0 ff a1 00 00 00", Instruction.Atomic(AtomicOperation.FetchXor, AccessSize.Word, R7, R2, -16), "w2 = atomic_fetch_xor((u32 *)(r7 - 0x10), w2)" },
        { "db 27 00 00 e1 00 00 00", Instruction.Atomic(AtomicOperation.Exchange, AccessSize.DoubleWord, R7, R2, 0), "r2 = xchg_64(r7 + 0x0, r2)" },
        { "c3 27 00 00 e1 00 00 00", Instruction.Atomic(AtomicOperation.Exchange, AccessSize.Word, R7, R2, 0), "w2 = xchg32_32(r7 + 0x0, w2)" },
        { "db 27 00 00 f1 00 00 00", Instruction.Atomic(AtomicOperation.CompareExchange, AccessSize.DoubleWord, R7, R2, 0), "r0 = cmpxchg_64(r7 + 0x0, r0, r2)" },
        { "c3 27 00 00 f1 00 00 00", Instruction.Atomic(AtomicOperation.CompareExchange, AccessSize.Word, R7, R2, 0), "w0 = cmpxchg32_32(r7 + 0x0, w0, w2)" },

        // 64-bit immediates
        { "18 07 00 00 00 00 00 00 00 00 00 00 00 00 00 00", Instruction.LoadImm64(R7, 0), "r7 = 0x0 ll" },
        { "18 01 00 00 ff ff ff ff 00 00 00 00 ff ff ff ff", Instruction.LoadImm64(R1, -1), "r1 = -0x1 ll" },
        { "18 01 00 00 ff ff ff ff 00 00 00 00 00 00 00 00", Instruction.LoadImm64(R1, 0xffffffff), "r1 = 0xffffffff ll" },
        { "18 01 00 00 f0 de bc 9a 00 00 00 00 78 56 34 12", Instruction.LoadImm64(R1, 0x123456789abcdef0), "r1 = 0x123456789abcdef0 ll" },
        { "18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 80", Instruction.LoadImm64(R1, long.MinValue), "r1 = -0x8000000000000000 ll" },

        // 64-bit immediates with a pseudo source
        { "18 11 00 00 03 00 00 00 00 00 00 00 00 00 00 00", Instruction.LoadMapFd(R1, 3), "r1 = map_fd(0x3) ll" },
        { "18 21 00 00 03 00 00 00 00 00 00 00 08 00 00 00", Instruction.LoadMapValue(R1, 3, 8), "r1 = map_value(0x3) + 0x8 ll" },
        { "18 22 00 00 04 00 00 00 00 00 00 00 00 00 00 00", Instruction.LoadMapValue(R2, 4, 0), "r2 = map_value(0x4) + 0x0 ll" },
        { "18 31 00 00 34 12 00 00 00 00 00 00 00 00 00 00", Instruction.LoadPseudo(R1, PseudoSource.BtfId, 0x1234), "r1 = btf_id(0x1234) ll" },
        { "18 31 00 00 34 12 00 00 00 00 00 00 05 00 00 00", Instruction.LoadPseudo(R1, PseudoSource.BtfId, 0x1234, 5), "r1 = btf_id(0x1234, 0x5) ll" },
        { "18 43 00 00 04 00 00 00 00 00 00 00 00 00 00 00", Instruction.LoadPseudo(R3, PseudoSource.Function, 4), "r3 = func(+0x4) ll" },
        { "18 43 00 00 fa ff ff ff 00 00 00 00 00 00 00 00", Instruction.LoadPseudo(R3, PseudoSource.Function, -6), "r3 = func(-0x6) ll" },
        { "18 51 00 00 00 00 00 00 00 00 00 00 00 00 00 00", Instruction.LoadPseudo(R1, PseudoSource.MapIndex, 0), "r1 = map_idx(0x0) ll" },
        { "18 61 00 00 01 00 00 00 00 00 00 00 08 00 00 00", Instruction.LoadPseudo(R1, PseudoSource.MapIndexValue, 1, 8), "r1 = map_idx_value(0x1) + 0x8 ll" },

        // Legacy packet loads
        { "20 00 00 00 0c 00 00 00", Instruction.LoadAbsolute(AccessSize.Word, 12), "r0 = *(u32 *)skb[0xc]" },
        { "40 30 00 00 00 00 00 00", Instruction.LoadIndirect(AccessSize.Word, R3, 0), "r0 = *(u32 *)skb[r3]" },
        { "28 00 00 00 0c 00 00 00", Instruction.LoadAbsolute(AccessSize.Half, 12), "r0 = *(u16 *)skb[0xc]" },
        { "48 30 00 00 00 00 00 00", Instruction.LoadIndirect(AccessSize.Half, R3, 0), "r0 = *(u16 *)skb[r3]" },
        { "30 00 00 00 0c 00 00 00", Instruction.LoadAbsolute(AccessSize.Byte, 12), "r0 = *(u8 *)skb[0xc]" },
        { "50 30 00 00 00 00 00 00", Instruction.LoadIndirect(AccessSize.Byte, R3, 0), "r0 = *(u8 *)skb[r3]" },
        { "30 00 00 00 fc ff ff ff", Instruction.LoadAbsolute(AccessSize.Byte, -4), "r0 = *(u8 *)skb[-0x4]" },
        { "40 60 00 00 0e 00 00 00", Instruction.LoadIndirect(AccessSize.Word, R6, 14), "r0 = *(u32 *)skb[r6 + 0xe]" },
        { "48 60 00 00 fe ff ff ff", Instruction.LoadIndirect(AccessSize.Half, R6, -2), "r0 = *(u16 *)skb[r6 - 0x2]" },
    };

    /// <summary>What llvm-objdump-19 (no --mcpu) prints for the rows whose text is one of our extensions.</summary>
    public static IReadOnlyDictionary<string, string> LlvmPrintsInstead { get; } = new Dictionary<string, string>
    {
        ["85 10 00 00 03 00 00 00"] = "call 0x3",
        ["85 10 00 00 fb ff ff ff"] = "call -0x5",
        ["85 10 00 00 ff ff ff ff"] = "call -0x1",
        ["85 20 00 00 34 12 00 00"] = "call 0x1234",
        ["85 20 01 00 34 12 00 00"] = "call 0x1234",
        ["c3 27 00 00 40 00 00 00"] = "<unknown>",
        ["c3 27 00 00 50 00 00 00"] = "<unknown>",
        ["c3 27 00 00 a0 00 00 00"] = "<unknown>",
        ["c3 27 00 00 01 00 00 00"] = "lock *(u32 *)(r7 + 0x0) += r2",
        ["c3 27 00 00 41 00 00 00"] = "<unknown>",
        ["c3 27 00 00 51 00 00 00"] = "<unknown>",
        ["c3 27 f0 ff a1 00 00 00"] = "<unknown>",
        ["c3 27 00 00 e1 00 00 00"] = "<unknown>",
        ["c3 27 00 00 f1 00 00 00"] = "<unknown>",
        ["18 11 00 00 03 00 00 00 00 00 00 00 00 00 00 00"] = "ld_pseudo\tr1, 0x1, 0x3",
        ["18 21 00 00 03 00 00 00 00 00 00 00 08 00 00 00"] = "ld_pseudo\tr1, 0x2, 0x3",
        ["18 22 00 00 04 00 00 00 00 00 00 00 00 00 00 00"] = "ld_pseudo\tr2, 0x2, 0x4",
        ["18 31 00 00 34 12 00 00 00 00 00 00 00 00 00 00"] = "ld_pseudo\tr1, 0x3, 0x1234",
        ["18 31 00 00 34 12 00 00 00 00 00 00 05 00 00 00"] = "ld_pseudo\tr1, 0x3, 0x1234",
        ["18 43 00 00 04 00 00 00 00 00 00 00 00 00 00 00"] = "ld_pseudo\tr3, 0x4, 0x4",
        ["18 43 00 00 fa ff ff ff 00 00 00 00 00 00 00 00"] = "ld_pseudo\tr3, 0x4, 0xfffffffa",
        ["18 51 00 00 00 00 00 00 00 00 00 00 00 00 00 00"] = "ld_pseudo\tr1, 0x5, 0x0",
        ["18 61 00 00 01 00 00 00 00 00 00 00 08 00 00 00"] = "ld_pseudo\tr1, 0x6, 0x1",
        ["40 60 00 00 0e 00 00 00"] = "r0 = *(u32 *)skb[r6]",
        ["48 60 00 00 fe ff ff ff"] = "r0 = *(u16 *)skb[r6]",
    };

    /// <summary>The bytes of a hex string like "b7 00 00 00 02 00 00 00".</summary>
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>Bytes as the table writes them.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("x2")));
}

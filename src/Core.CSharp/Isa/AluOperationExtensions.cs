namespace EbpfCat.Isa;

/// <summary>Arithmetic instructions made from their operation, so call sites read like assembly.</summary>
/// <example><code>
/// using static EbpfCat.Isa.Register;
/// var add = AluOperation.Add.Imm(R1, 22);      // r1 += 22
/// var mov = AluOperation.Mov.Reg32(R0, R1);    // w0 = w1
/// </code></example>
public static class AluOperationExtensions
{
    /// <summary>64-bit <c>dst op= imm</c>.</summary>
    public static Instruction Imm(this AluOperation op, Register dst, int value)
        => new(Opcode.Alu64(op, OperandSource.Constant), dst, 0, 0, value);

    /// <summary>32-bit <c>wdst op= imm</c>.</summary>
    public static Instruction Imm32(this AluOperation op, Register dst, int value)
        => new(Opcode.Alu32(op, OperandSource.Constant), dst, 0, 0, value);

    /// <summary>64-bit <c>dst op= src</c>.</summary>
    public static Instruction Reg(this AluOperation op, Register dst, Register src)
        => new(Opcode.Alu64(op, OperandSource.Register), dst, src, 0, 0);

    /// <summary>32-bit <c>wdst op= wsrc</c>.</summary>
    public static Instruction Reg32(this AluOperation op, Register dst, Register src)
        => new(Opcode.Alu32(op, OperandSource.Register), dst, src, 0, 0);

    /// <summary>Signed division or modulo (ISA v4): <c>dst s/= imm</c>, <c>dst s%= imm</c>; 64-bit unless <paramref name="is32"/>.</summary>
    public static Instruction SignedImm(this AluOperation op, Register dst, int value, bool is32 = false)
        => new(is32 ? Opcode.Alu32(op, OperandSource.Constant) : Opcode.Alu64(op, OperandSource.Constant), dst, 0, RequireDivMod(op), value);

    /// <summary>Signed division or modulo (ISA v4) by a register; 64-bit unless <paramref name="is32"/>.</summary>
    public static Instruction SignedReg(this AluOperation op, Register dst, Register src, bool is32 = false)
        => new(is32 ? Opcode.Alu32(op, OperandSource.Register) : Opcode.Alu64(op, OperandSource.Register), dst, src, RequireDivMod(op), 0);

    static short RequireDivMod(AluOperation op) => op is AluOperation.Div or AluOperation.Mod
        ? (short)1
        : throw new ArgumentException($"only div and mod have signed forms, not {op}", nameof(op));

    /// <summary>Sign-extending move (ISA v4): <c>dst = (s8/s16/s32)src</c>; 64-bit unless <paramref name="is32"/> (then 8 or 16 bits).</summary>
    public static Instruction MoveSignExtend(Register dst, Register src, int fromBits, bool is32 = false)
        => new(is32 ? Opcode.Alu32(AluOperation.Mov, OperandSource.Register) : Opcode.Alu64(AluOperation.Mov, OperandSource.Register), dst, src, checked((short)fromBits), 0);

    /// <summary>64-bit <c>dst = -dst</c>.</summary>
    public static Instruction Negate(Register dst, bool is32 = false)
        => new(is32 ? Opcode.Alu32(AluOperation.Neg, OperandSource.Constant) : Opcode.Alu64(AluOperation.Neg, OperandSource.Constant), dst, 0, 0, 0);

    /// <summary><c>dst = le16/32/64(dst)</c>: to little endian (a truncation on this host).</summary>
    public static Instruction ToLittleEndian(Register dst, int bits) => new(Opcode.Alu32(AluOperation.End, OperandSource.Constant), dst, 0, 0, bits);

    /// <summary><c>dst = be16/32/64(dst)</c>: to big endian (network byte order).</summary>
    public static Instruction ToBigEndian(Register dst, int bits) => new(Opcode.Alu32(AluOperation.End, OperandSource.Register), dst, 0, 0, bits);

    /// <summary><c>dst = bswap16/32/64(dst)</c>: unconditional byte swap (ISA v4).</summary>
    public static Instruction ByteSwap(Register dst, int bits) => new(Opcode.Alu64(AluOperation.End, OperandSource.Constant), dst, 0, 0, bits);
}

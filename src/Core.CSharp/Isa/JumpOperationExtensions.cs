namespace EbpfCat.Isa;

/// <summary>Conditional jumps made from their operation; offsets count slots from the next instruction.</summary>
/// <example><code>
/// using static EbpfCat.Isa.Register;
/// var j = JumpOperation.JSGT.Imm(R1, 4, 3);    // if r1 s&gt; 4 goto +3
/// var k = JumpOperation.JEQ.Reg32(R1, R2, -2); // if w1 == w2 goto -2
/// </code></example>
public static class JumpOperationExtensions
{
    /// <summary><c>if dst op imm goto +offset</c>, comparing 64 bits.</summary>
    public static Instruction Imm(this JumpOperation op, Register dst, int value, short offset)
        => new(Opcode.Jump(op, OperandSource.Constant), dst, 0, offset, value);

    /// <summary><c>if wdst op imm goto +offset</c>, comparing 32 bits (ISA v3).</summary>
    public static Instruction Imm32(this JumpOperation op, Register dst, int value, short offset)
        => new(Opcode.Jump32(op, OperandSource.Constant), dst, 0, offset, value);

    /// <summary><c>if dst op src goto +offset</c>, comparing 64 bits.</summary>
    public static Instruction Reg(this JumpOperation op, Register dst, Register src, short offset)
        => new(Opcode.Jump(op, OperandSource.Register), dst, src, offset, 0);

    /// <summary><c>if wdst op wsrc goto +offset</c>, comparing 32 bits (ISA v3).</summary>
    public static Instruction Reg32(this JumpOperation op, Register dst, Register src, short offset)
        => new(Opcode.Jump32(op, OperandSource.Register), dst, src, offset, 0);
}

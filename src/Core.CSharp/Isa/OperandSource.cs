namespace EbpfCat.Isa;

/// <summary>Bit 3 of arithmetic and jump opcodes: whether the second operand is the
/// immediate (K) or the source register (X).</summary>
/// <example><code>AluOperation.Add.Reg(Register.R1, Register.R2).Opcode.Source == OperandSource.Register</code></example>
public enum OperandSource : byte
{
    /// <summary>The 32-bit immediate (BPF_K).</summary>
    Constant = 0x00,
    /// <summary>The source register (BPF_X).</summary>
    Register = 0x08,
}

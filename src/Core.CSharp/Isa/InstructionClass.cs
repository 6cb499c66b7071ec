namespace EbpfCat.Isa;

/// <summary>The instruction class: the low three bits of every opcode.</summary>
/// <example><code>Opcode.Alu64(AluOperation.Add, OperandSource.Constant).Class == InstructionClass.Alu64</code></example>
public enum InstructionClass : byte
{
    /// <summary>Non-standard loads: 64-bit immediates and the legacy packet loads.</summary>
    Ld = 0x00,
    /// <summary>Loads from memory into a register.</summary>
    Ldx = 0x01,
    /// <summary>Stores of an immediate.</summary>
    St = 0x02,
    /// <summary>Stores of a register, and atomic operations.</summary>
    Stx = 0x03,
    /// <summary>32-bit arithmetic (results zero-extended to 64 bits).</summary>
    Alu = 0x04,
    /// <summary>64-bit jumps, calls and exit.</summary>
    Jmp = 0x05,
    /// <summary>32-bit jumps (ISA v3).</summary>
    Jmp32 = 0x06,
    /// <summary>64-bit arithmetic.</summary>
    Alu64 = 0x07,
}

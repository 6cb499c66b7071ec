namespace EbpfCat.Isa;

/// <summary>Bits 5–7 of load and store opcodes: how the address is formed.</summary>
/// <example><code>Opcode.Ldx(AccessSize.Word, AccessMode.MemorySignExtend)</code></example>
public enum AccessMode : byte
{
    /// <summary>64-bit immediate load (only with <see cref="InstructionClass.Ld"/> and double-word size).</summary>
    Immediate = 0x00,
    /// <summary>Legacy packet load at an absolute offset (socket filters).</summary>
    Absolute = 0x20,
    /// <summary>Legacy packet load at a register-relative offset (socket filters).</summary>
    Indirect = 0x40,
    /// <summary>Register plus 16-bit offset.</summary>
    Memory = 0x60,
    /// <summary>Sign-extending load (ISA v4).</summary>
    MemorySignExtend = 0x80,
    /// <summary>Atomic read-modify-write (ISA v1 add; v3 the rest).</summary>
    Atomic = 0xc0,
}

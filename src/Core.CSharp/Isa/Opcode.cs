namespace EbpfCat.Isa;

/// <summary>The 8-bit opcode of an eBPF instruction, composed of named parts.</summary>
/// <remarks>
/// <para>Arithmetic and jump classes (ALU, ALU64, JMP, JMP32):</para>
/// <code>
///   7 6 5 4   3   2 1 0
///  +-------+-----+-----+
///  |  op   | src |class|    op: AluOperation / JumpOperation, src: OperandSource
///  +-------+-----+-----+
/// </code>
/// <para>Load and store classes (LD, LDX, ST, STX):</para>
/// <code>
///   7 6 5  4 3  2 1 0
///  +------+----+-----+
///  | mode |size|class|    mode: AccessMode, size: AccessSize
///  +------+----+-----+
/// </code>
/// An <see cref="Opcode"/> is only a byte: any value can be held; whether it names a real
/// instruction is decided by <see cref="Instruction.Validate"/>.
/// </remarks>
/// <example><code>var op = Opcode.Alu64(AluOperation.Add, OperandSource.Constant); // 0x07</code></example>
public readonly record struct Opcode(byte Value)
{
    /// <summary>The instruction class (bits 0–2).</summary>
    public InstructionClass Class => (InstructionClass)(Value & 0x07);

    /// <summary>True for ALU, ALU64, JMP and JMP32, whose upper bits are an operation and a source.</summary>
    public bool IsArithmeticOrJump => Class is InstructionClass.Alu or InstructionClass.Alu64 or InstructionClass.Jmp or InstructionClass.Jmp32;

    /// <summary>True for ALU and ALU64.</summary>
    public bool IsAlu => Class is InstructionClass.Alu or InstructionClass.Alu64;

    /// <summary>True for JMP and JMP32.</summary>
    public bool IsJump => Class is InstructionClass.Jmp or InstructionClass.Jmp32;

    /// <summary>The operand source (bit 3) of arithmetic and jump opcodes.</summary>
    public OperandSource Source => (OperandSource)(Value & 0x08);

    /// <summary>The arithmetic operation (bits 4–7) of ALU and ALU64 opcodes.</summary>
    public AluOperation AluOperation => (AluOperation)(Value & 0xf0);

    /// <summary>The jump operation (bits 4–7) of JMP and JMP32 opcodes.</summary>
    public JumpOperation JumpOperation => (JumpOperation)(Value & 0xf0);

    /// <summary>The access size (bits 3–4) of load and store opcodes.</summary>
    public AccessSize Size => (AccessSize)(Value & 0x18);

    /// <summary>The access mode (bits 5–7) of load and store opcodes.</summary>
    public AccessMode Mode => (AccessMode)(Value & 0xe0);

    /// <summary>The opcode with another class.</summary>
    public Opcode WithClass(InstructionClass c) => new((byte)((Value & ~0x07) | (byte)c));

    /// <summary>The opcode with another operand source.</summary>
    public Opcode WithSource(OperandSource s) => new((byte)((Value & ~0x08) | (byte)s));

    /// <summary>The opcode with another access size.</summary>
    public Opcode WithSize(AccessSize s) => new((byte)((Value & ~0x18) | (byte)s));

    /// <summary>The opcode with another access mode.</summary>
    public Opcode WithMode(AccessMode m) => new((byte)((Value & ~0xe0) | (byte)m));

    /// <summary>An ALU (32-bit) opcode.</summary>
    public static Opcode Alu32(AluOperation op, OperandSource src) => new((byte)((byte)op | (byte)src | (byte)InstructionClass.Alu));

    /// <summary>An ALU64 opcode.</summary>
    public static Opcode Alu64(AluOperation op, OperandSource src) => new((byte)((byte)op | (byte)src | (byte)InstructionClass.Alu64));

    /// <summary>A JMP (64-bit compare) opcode.</summary>
    public static Opcode Jump(JumpOperation op, OperandSource src) => new((byte)((byte)op | (byte)src | (byte)InstructionClass.Jmp));

    /// <summary>A JMP32 (32-bit compare) opcode.</summary>
    public static Opcode Jump32(JumpOperation op, OperandSource src) => new((byte)((byte)op | (byte)src | (byte)InstructionClass.Jmp32));

    /// <summary>A load or store opcode.</summary>
    public static Opcode Memory(InstructionClass c, AccessSize size, AccessMode mode) => new((byte)((byte)mode | (byte)size | (byte)c));

    /// <summary>The 64-bit immediate load opcode (0x18).</summary>
    public static Opcode LoadImm64 => Memory(InstructionClass.Ld, AccessSize.DoubleWord, AccessMode.Immediate);

    /// <summary>The opcode as two lowercase hex digits.</summary>
    public override string ToString() => $"0x{Value:x2}";
}

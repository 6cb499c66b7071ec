namespace EbpfCat.Isa;

/// <summary>One eBPF instruction, as an immutable value.</summary>
/// <remarks>
/// The fields mirror <c>struct bpf_insn</c>: an opcode, destination and source register
/// nibbles, a signed 16-bit offset and an immediate. <see cref="Immediate"/> is 64 bits wide
/// so that the 64-bit immediate load (<c>lddw</c>, two slots in the encoding) is one value
/// here; for every other instruction it holds the sign-extended 32-bit immediate.
/// For <c>lddw</c> the <see cref="Source"/> nibble is a <see cref="Isa.PseudoSource"/>, for
/// <c>call</c> a <see cref="Isa.CallKind"/>.
/// Build instructions with the factories (<see cref="Exit"/>, <see cref="Load"/>,
/// <c>AluOperation.Add.Imm(...)</c>, ...); any combination of fields can be held, and
/// <see cref="Validate"/> says whether it is a real instruction.
/// </remarks>
/// <example><code>
/// Instruction[] program =
/// [
///     AluOperation.Mov.Imm(Register.R0, 2),   // r0 = 2
///     Instruction.Exit(),                    // exit
/// ];
/// byte[] bytes = InstructionEncoding.Encode(program);
/// </code></example>
public readonly record struct Instruction(Opcode Opcode, Register Destination, Register Source, short Offset, long Immediate)
{
    /// <summary>True for the 64-bit immediate load, which takes two 8-byte slots.</summary>
    public bool IsWide => Opcode == Opcode.LoadImm64;

    /// <summary>How many 8-byte slots the instruction takes when encoded: 1, or 2 for <c>lddw</c>.</summary>
    public int Slots => IsWide ? 2 : 1;

    /// <summary>The source nibble read as the pseudo source of a 64-bit immediate load.</summary>
    public PseudoSource PseudoSource => (PseudoSource)Source;

    /// <summary>The source nibble read as the kind of a call.</summary>
    public CallKind CallKind => (CallKind)Source;

    /// <summary>The 32-bit immediate of a one-slot instruction (the low half for <c>lddw</c>).</summary>
    public int Imm32 => unchecked((int)Immediate);

    /// <summary>True for a call of a kernel helper.</summary>
    public bool IsHelperCall => Opcode == Opcode.Jump(JumpOperation.Call, OperandSource.Constant) && CallKind == CallKind.Helper;

    /// <summary>True for instructions that transfer control within the function by their offset
    /// (conditional jumps, <c>goto</c>; <c>gotol</c> uses the immediate instead).</summary>
    public bool IsBranch => Opcode.IsJump && Opcode.JumpOperation is not (JumpOperation.Call or JumpOperation.Exit);

    // ---- Factories (the cilium-style per-operation ones live in AluOperationExtensions and JumpOperationExtensions).

    /// <summary><c>exit</c>: return r0.</summary>
    public static Instruction Exit() => new(Opcode.Jump(JumpOperation.Exit, OperandSource.Constant), 0, 0, 0, 0);

    /// <summary><c>call N</c>: call kernel helper number <paramref name="helper"/>.</summary>
    public static Instruction Call(int helper) => new(Opcode.Jump(JumpOperation.Call, OperandSource.Constant), 0, (Register)CallKind.Helper, 0, helper);

    /// <summary>A bpf-to-bpf call; <paramref name="offset"/> counts slots from the next instruction to the callee.</summary>
    public static Instruction CallLocal(int offset) => new(Opcode.Jump(JumpOperation.Call, OperandSource.Constant), 0, (Register)CallKind.Local, 0, offset);

    /// <summary>A kfunc call by BTF id; <paramref name="moduleBtf"/> indexes the fd array for module kfuncs (0 for vmlinux).</summary>
    public static Instruction CallKernelFunction(int btfId, short moduleBtf = 0) => new(Opcode.Jump(JumpOperation.Call, OperandSource.Constant), 0, (Register)CallKind.KernelFunction, moduleBtf, btfId);

    /// <summary><c>callx rN</c>: call through a register (in the ISA, not accepted by the Linux verifier).</summary>
    public static Instruction CallRegister(Register target) => new(Opcode.Jump(JumpOperation.Call, OperandSource.Register), target, 0, 0, 0);

    /// <summary><c>goto +off</c>.</summary>
    public static Instruction Goto(short offset) => new(Opcode.Jump(JumpOperation.JA, OperandSource.Constant), 0, 0, offset, 0);

    /// <summary><c>gotol +off</c>: the unconditional jump with a 32-bit offset (ISA v4).</summary>
    public static Instruction GotoLong(int offset) => new(Opcode.Jump32(JumpOperation.JA, OperandSource.Constant), 0, 0, 0, offset);

    /// <summary><c>dst = imm64 ll</c>: a 64-bit constant.</summary>
    public static Instruction LoadImm64(Register dst, long value) => new(Opcode.LoadImm64, dst, (Register)PseudoSource.None, 0, value);

    /// <summary>A 64-bit immediate load with a pseudo source: the loader or kernel gives the value its meaning.</summary>
    public static Instruction LoadPseudo(Register dst, PseudoSource source, int low, int high = 0)
        => new(Opcode.LoadImm64, dst, (Register)source, 0, ((long)high << 32) | (uint)low);

    /// <summary><c>dst = map_by_fd(fd)</c>: the address of a map.</summary>
    public static Instruction LoadMapFd(Register dst, int mapFd) => LoadPseudo(dst, PseudoSource.MapFd, mapFd);

    /// <summary><c>dst = map_value_by_fd(fd) + offset</c>: the address of a byte in an array map's value (kernel 5.2).</summary>
    public static Instruction LoadMapValue(Register dst, int mapFd, int offset) => LoadPseudo(dst, PseudoSource.MapValue, mapFd, offset);

    /// <summary><c>dst = *(size *)(src + off)</c>, zero-extended.</summary>
    public static Instruction Load(AccessSize size, Register dst, Register src, short offset)
        => new(Opcode.Memory(InstructionClass.Ldx, size, AccessMode.Memory), dst, src, offset, 0);

    /// <summary><c>dst = *(s8/s16/s32 *)(src + off)</c>, sign-extended (ISA v4).</summary>
    public static Instruction LoadSignExtend(AccessSize size, Register dst, Register src, short offset)
        => new(Opcode.Memory(InstructionClass.Ldx, size, AccessMode.MemorySignExtend), dst, src, offset, 0);

    /// <summary><c>*(size *)(dst + off) = imm</c>.</summary>
    public static Instruction Store(AccessSize size, Register dst, short offset, int value)
        => new(Opcode.Memory(InstructionClass.St, size, AccessMode.Memory), dst, 0, offset, value);

    /// <summary><c>*(size *)(dst + off) = src</c>.</summary>
    public static Instruction Store(AccessSize size, Register dst, short offset, Register src)
        => new(Opcode.Memory(InstructionClass.Stx, size, AccessMode.Memory), dst, src, offset, 0);

    /// <summary>An atomic read-modify-write of <c>*(size *)(dst + off)</c> with <paramref name="src"/> (word or double word).</summary>
    public static Instruction Atomic(AtomicOperation operation, AccessSize size, Register dst, Register src, short offset)
        => new(Opcode.Memory(InstructionClass.Stx, size, AccessMode.Atomic), dst, src, offset, (int)operation);

    /// <summary>Legacy <c>r0 = ntoh(*(size *)skb[imm])</c> (socket filters).</summary>
    public static Instruction LoadAbsolute(AccessSize size, int offset)
        => new(Opcode.Memory(InstructionClass.Ld, size, AccessMode.Absolute), 0, 0, 0, offset);

    /// <summary>Legacy <c>r0 = ntoh(*(size *)skb[src + imm])</c> (socket filters).</summary>
    public static Instruction LoadIndirect(AccessSize size, Register src, int offset)
        => new(Opcode.Memory(InstructionClass.Ld, size, AccessMode.Indirect), 0, src, 0, offset);

    /// <summary>Why these fields do not make a valid eBPF instruction, or null when they do.</summary>
    /// <remarks>The rules are those of the encoding (kernel instruction-set.rst and the verifier's
    /// reserved-field checks); semantic limits such as shift amounts are left to the verifier.</remarks>
    public string? Validate() => InstructionRules.Check(this);

    /// <summary>The instruction in llvm-objdump syntax.</summary>
    public override string ToString() => Disassembler.Format(this);
}

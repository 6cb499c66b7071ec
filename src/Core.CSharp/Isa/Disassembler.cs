using System.Text;

namespace EbpfCat.Isa;

/// <summary>Prints instructions in the syntax of llvm-objdump-19 for the BPF target.</summary>
/// <remarks>
/// <para>Every line is what <c>llvm-objdump-19 -d --no-show-raw-insn --no-leading-addr</c> prints for the
/// same bytes (without its leading tab and without its <c>&lt;symbol+offset&gt;</c> jump annotations):
/// immediates and offsets are hexadecimal and signed (<c>w1 = -0x1</c>, <c>(r10 - 0x8)</c>),
/// the 64-bit immediate of <c>lddw</c> is signed 64-bit (<c>r1 = -0x1 ll</c>), and jump offsets carry
/// an explicit sign (<c>goto +0x20</c>).</para>
/// <para>Where llvm's text loses information or llvm prints nothing useful, this disassembler extends
/// the syntax, so that every valid instruction has its own text:</para>
/// <list type="bullet">
/// <item><description>Calls: llvm prints a helper call, a bpf-to-bpf call and a kfunc call alike
/// (<c>call 0x1</c>). A local call prints <c>call local +0x3</c> / <c>call local -0x5</c> (the signed
/// offset in slots from the next instruction, like jumps); a kfunc call prints <c>call kfunc 0x1234</c>,
/// and <c>call kfunc 0x1234, 0x1</c> when its offset (the module's fd-array index) is not 0.</description></item>
/// <item><description>64-bit immediate loads with a pseudo source: llvm prints
/// <c>ld_pseudo r1, 0x2, 0x3</c> and drops the second slot's immediate (the map-value offset). We print
/// <c>r1 = map_fd(0x3) ll</c>, <c>r1 = map_value(0x3) + 0x8 ll</c>, <c>r1 = btf_id(0x1234) ll</c>
/// (<c>r1 = btf_id(0x1234, 0x5) ll</c> with a module BTF fd in the second slot),
/// <c>r1 = func(+0x4) ll</c> (a slot offset like a local call), <c>r1 = map_idx(0x0) ll</c> and
/// <c>r1 = map_idx_value(0x0) + 0x8 ll</c>.</description></item>
/// <item><description>32-bit atomics: llvm-objdump-19 without <c>--mcpu</c> prints
/// <c>lock *(u32 *)(r7 + 0x0) += r2</c> for the add and <c>&lt;unknown&gt;</c> (or, for fetch-add, the
/// plain add) for the others. We print the others as llvm does with <c>--mcpu=v3</c>, text llvm-mc-19
/// assembles: <c>lock *(u32 *)(r7 + 0x0) |= w2</c>, <c>w2 = atomic_fetch_add((u32 *)(r7 + 0x0), w2)</c>,
/// <c>w2 = xchg32_32(r7 + 0x0, w2)</c>, <c>w0 = cmpxchg32_32(r7 + 0x0, w0, w2)</c>.</description></item>
/// <item><description>Legacy indirect packet loads: llvm prints <c>r0 = *(u32 *)skb[r3]</c> and drops
/// the immediate; when it is not 0 we print <c>r0 = *(u32 *)skb[r3 + 0x4]</c>.</description></item>
/// <item><description>Fields that make no valid instruction print as
/// <c>&lt;unknown opcode 0x.. dst 0x. src 0x. off 0x.. imm 0x..&gt;</c> (llvm: <c>&lt;unknown&gt;</c>).</description></item>
/// </list>
/// </remarks>
/// <example><code>
/// Disassembler.Format(AluOperation.Mov.Reg32(Register.R0, Register.R1));   // "w0 = w1"
/// Disassembler.Format(JumpOperation.JGT.Reg(Register.R3, Register.R2, 32)); // "if r3 > r2 goto +0x20"
/// </code></example>
public static class Disassembler
{
    /// <summary>One instruction as llvm-objdump prints it (jumps as relative offsets), with the extensions above.</summary>
    public static string Format(Instruction instruction)
    {
        if (instruction.Validate() is not null) return Unknown(instruction);
        return instruction.Opcode.Class switch
        {
            InstructionClass.Alu or InstructionClass.Alu64 => FormatAlu(instruction),
            InstructionClass.Jmp or InstructionClass.Jmp32 => FormatJump(instruction),
            InstructionClass.Ld => FormatLd(instruction),
            InstructionClass.Ldx => FormatLoad(instruction),
            InstructionClass.St => $"{Memory(instruction)} = {Hex(instruction.Immediate)}",
            _ => instruction.Opcode.Mode == AccessMode.Atomic ? FormatAtomic(instruction) : $"{Memory(instruction)} = {R(instruction.Source)}",
        };
    }

    /// <summary>A program, one instruction per line, lines separated by <c>\n</c> (no final newline).</summary>
    public static string Disassemble(IReadOnlyList<Instruction> program, DisassemblyOptions? options = null)
    {
        options ??= DisassemblyOptions.Default;
        int width = Math.Max(4, (program.Sum(i => i.Slots) - 1).ToString().Length);
        var text = new StringBuilder();
        int slot = 0;
        foreach (var instruction in program)
        {
            if (text.Length > 0) text.Append('\n');
            if (options.ShowSlotIndices) text.Append(slot.ToString().PadLeft(width)).Append(": ");
            text.Append(Format(instruction));
            slot += instruction.Slots;
        }
        return text.ToString();
    }

    static string FormatAlu(Instruction i)
    {
        var op = i.Opcode;
        bool is64 = op.Class == InstructionClass.Alu64;
        string dst = is64 ? R(i.Destination) : W(i.Destination);
        string src = is64 ? R(i.Source) : W(i.Source);
        switch (op.AluOperation)
        {
            case AluOperation.Neg:
                return $"{dst} = -{dst}";
            case AluOperation.End:
                // llvm names the 64-bit register even for the ALU-class conversions.
                string kind = is64 ? "bswap" : op.Source == OperandSource.Register ? "be" : "le";
                return $"{R(i.Destination)} = {kind}{i.Immediate} {R(i.Destination)}";
            case AluOperation.Mov when i.Offset != 0:
                return $"{dst} = (s{i.Offset}){src}";
        }
        string signed = i.Offset == 1 ? "s" : "";
        string operand = op.Source == OperandSource.Register ? src : Hex(i.Immediate);
        return $"{dst} {signed}{AluOperator(op.AluOperation)} {operand}";
    }

    static string AluOperator(AluOperation operation) => operation switch
    {
        AluOperation.Add => "+=",
        AluOperation.Sub => "-=",
        AluOperation.Mul => "*=",
        AluOperation.Div => "/=",
        AluOperation.Or => "|=",
        AluOperation.And => "&=",
        AluOperation.Lsh => "<<=",
        AluOperation.Rsh => ">>=",
        AluOperation.Mod => "%=",
        AluOperation.Xor => "^=",
        AluOperation.Mov => "=",
        _ => "s>>=",
    };

    static string FormatJump(Instruction i)
    {
        var op = i.Opcode;
        bool is32 = op.Class == InstructionClass.Jmp32;
        switch (op.JumpOperation)
        {
            case JumpOperation.JA:
                return is32 ? $"gotol {SignedHex(i.Immediate)}" : $"goto {SignedHex(i.Offset)}";
            case JumpOperation.Exit:
                return "exit";
            case JumpOperation.Call:
                if (op.Source == OperandSource.Register) return $"callx {R(i.Destination)}";
                return i.CallKind switch
                {
                    CallKind.Local => $"call local {SignedHex(i.Immediate)}",
                    CallKind.KernelFunction when i.Offset != 0 => $"call kfunc {Hex(i.Immediate)}, {Hex(i.Offset)}",
                    CallKind.KernelFunction => $"call kfunc {Hex(i.Immediate)}",
                    _ => $"call {Hex(i.Immediate)}",
                };
        }
        string dst = is32 ? W(i.Destination) : R(i.Destination);
        string operand = op.Source == OperandSource.Register ? (is32 ? W(i.Source) : R(i.Source)) : Hex(i.Immediate);
        return $"if {dst} {JumpOperator(op.JumpOperation)} {operand} goto {SignedHex(i.Offset)}";
    }

    static string JumpOperator(JumpOperation operation) => operation switch
    {
        JumpOperation.JEQ => "==",
        JumpOperation.JGT => ">",
        JumpOperation.JGE => ">=",
        JumpOperation.JSET => "&",
        JumpOperation.JNE => "!=",
        JumpOperation.JSGT => "s>",
        JumpOperation.JSGE => "s>=",
        JumpOperation.JLT => "<",
        JumpOperation.JLE => "<=",
        JumpOperation.JSLT => "s<",
        _ => "s<=",
    };

    static string FormatLd(Instruction i)
    {
        var op = i.Opcode;
        string bits = $"u{op.Size.Bytes() * 8}";
        switch (op.Mode)
        {
            case AccessMode.Absolute:
                return $"r0 = *({bits} *)skb[{Hex(i.Immediate)}]";
            case AccessMode.Indirect:
                return i.Immediate == 0
                    ? $"r0 = *({bits} *)skb[{R(i.Source)}]"
                    : $"r0 = *({bits} *)skb[{Displaced(i.Source, i.Immediate)}]";
        }
        int low = i.Imm32, high = (int)(i.Immediate >> 32);
        string dst = R(i.Destination);
        return i.PseudoSource switch
        {
            PseudoSource.MapFd => $"{dst} = map_fd({Hex(low)}) ll",
            PseudoSource.MapValue => $"{dst} = map_value({Hex(low)}) {Displacement(high)} ll",
            PseudoSource.BtfId when high != 0 => $"{dst} = btf_id({Hex(low)}, {Hex(high)}) ll",
            PseudoSource.BtfId => $"{dst} = btf_id({Hex(low)}) ll",
            PseudoSource.Function => $"{dst} = func({SignedHex(low)}) ll",
            PseudoSource.MapIndex => $"{dst} = map_idx({Hex(low)}) ll",
            PseudoSource.MapIndexValue => $"{dst} = map_idx_value({Hex(low)}) {Displacement(high)} ll",
            _ => $"{dst} = {Hex(i.Immediate)} ll",
        };
    }

    static string FormatLoad(Instruction i)
    {
        var op = i.Opcode;
        char sign = op.Mode == AccessMode.MemorySignExtend ? 's' : 'u';
        return $"{R(i.Destination)} = *({sign}{op.Size.Bytes() * 8} *)({Displaced(i.Source, i.Offset)})";
    }

    static string FormatAtomic(Instruction i)
    {
        bool is64 = i.Opcode.Size == AccessSize.DoubleWord;
        string type = is64 ? "u64" : "u32";
        string address = Displaced(i.Destination, i.Offset);
        string src = is64 ? R(i.Source) : W(i.Source);
        string r0 = is64 ? "r0" : "w0";
        var operation = (AtomicOperation)i.Immediate;
        return operation switch
        {
            // llvm-objdump without --mcpu knows the 32-bit add only in its v1 form, with a 64-bit register name.
            AtomicOperation.Add when !is64 => $"lock *({type} *)({address}) += {R(i.Source)}",
            // The atomic operations reuse the ALU operation codes, and llvm prints them with the ALU operators.
            AtomicOperation.Add or AtomicOperation.Or or AtomicOperation.And or AtomicOperation.Xor
                => $"lock *({type} *)({address}) {AluOperator((AluOperation)operation)} {src}",
            AtomicOperation.Exchange => $"{src} = xchg{(is64 ? "" : "32")}_{(is64 ? 64 : 32)}({address}, {src})",
            AtomicOperation.CompareExchange => $"{r0} = cmpxchg{(is64 ? "" : "32")}_{(is64 ? 64 : 32)}({address}, {r0}, {src})",
            _ => $"{src} = atomic_fetch_{AtomicName(operation & ~AtomicOperation.Fetch)}(({type} *)({address}), {src})",
        };
    }

    static string AtomicName(AtomicOperation operation) => operation switch
    {
        AtomicOperation.Add => "add",
        AtomicOperation.Or => "or",
        AtomicOperation.And => "and",
        _ => "xor",
    };

    static string Memory(Instruction i) => $"*(u{i.Opcode.Size.Bytes() * 8} *)({Displaced(i.Destination, i.Offset)})";

    static string Displaced(Register register, long displacement) => $"{R(register)} {Displacement(displacement)}";

    static string Displacement(long value) => value < 0 ? $"- {Magnitude(value)}" : $"+ {Magnitude(value)}";

    static string R(Register register) => $"r{(byte)register}";

    static string W(Register register) => $"w{(byte)register}";

    static string Hex(long value) => value < 0 ? $"-{Magnitude(value)}" : Magnitude(value);

    static string SignedHex(long value) => value < 0 ? $"-{Magnitude(value)}" : $"+{Magnitude(value)}";

    // Negating long.MinValue overflows; the unsigned negation gives its magnitude.
    static string Magnitude(long value) => $"0x{(value < 0 ? unchecked((ulong)-value) : (ulong)value):x}";

    static string Unknown(Instruction i)
        => $"<unknown opcode {i.Opcode} dst 0x{(byte)i.Destination:x} src 0x{(byte)i.Source:x} off {Hex(i.Offset)} imm {Hex(i.Immediate)}>";
}

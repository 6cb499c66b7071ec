namespace EbpfCat.Isa;

/// <summary>Which field combinations are eBPF instructions (kernel instruction-set.rst).</summary>
internal static class InstructionRules
{
    public static string? Check(Instruction i)
    {
        if ((byte)i.Destination > 10) return $"destination register r{(byte)i.Destination} does not exist";
        if (!i.IsWide && (i.Immediate < int.MinValue || i.Immediate > int.MaxValue))
            return "the immediate does not fit in 32 bits";
        var op = i.Opcode;
        return op.Class switch
        {
            InstructionClass.Alu or InstructionClass.Alu64 => CheckAlu(i),
            InstructionClass.Jmp or InstructionClass.Jmp32 => CheckJump(i),
            InstructionClass.Ld => CheckLd(i),
            InstructionClass.Ldx => CheckLdx(i),
            InstructionClass.St => CheckSt(i),
            _ => CheckStx(i),
        };
    }

    static string? SourceRegister(Instruction i) => (byte)i.Source > 10 ? $"source register r{(byte)i.Source} does not exist" : null;

    static string? CheckAlu(Instruction i)
    {
        var op = i.Opcode;
        bool is64 = op.Class == InstructionClass.Alu64;
        var operation = op.AluOperation;
        if ((byte)operation > (byte)AluOperation.End) return $"unknown arithmetic operation 0x{(byte)operation >> 4:x}";
        switch (operation)
        {
            case AluOperation.Neg:
                if (op.Source != OperandSource.Constant) return "neg takes no source operand";
                if (i.Source != 0 || i.Offset != 0 || i.Immediate != 0) return "neg has reserved source, offset and immediate fields that must be 0";
                return null;
            case AluOperation.End:
                if (is64 && op.Source != OperandSource.Constant) return "the 64-bit byte swap has no register form";
                if (i.Source != 0 || i.Offset != 0) return "byte swaps have reserved source and offset fields that must be 0";
                if (i.Immediate is not (16 or 32 or 64)) return $"a byte swap width must be 16, 32 or 64, not {i.Immediate}";
                return null;
        }
        if (op.Source == OperandSource.Constant)
        {
            if (i.Source != 0) return "an instruction with an immediate operand has a reserved source register field that must be 0";
        }
        else
        {
            if (SourceRegister(i) is { } bad) return bad;
            if (i.Immediate != 0) return "an instruction with a register operand has a reserved immediate that must be 0";
        }
        switch (operation)
        {
            case AluOperation.Div or AluOperation.Mod:
                if (i.Offset is not (0 or 1)) return "the offset of div and mod must be 0 (unsigned) or 1 (signed)";
                return null;
            case AluOperation.Mov:
                if (i.Offset == 0) return null;
                if (op.Source != OperandSource.Register) return "a sign-extending move takes a register operand";
                if (is64 ? i.Offset is not (8 or 16 or 32) : i.Offset is not (8 or 16))
                    return $"a sign-extending move extends from {(is64 ? "8, 16 or 32" : "8 or 16")} bits, not {i.Offset}";
                return null;
            default:
                return i.Offset != 0 ? "arithmetic instructions have a reserved offset field that must be 0" : null;
        }
    }

    static string? CheckJump(Instruction i)
    {
        var op = i.Opcode;
        bool is32 = op.Class == InstructionClass.Jmp32;
        var operation = op.JumpOperation;
        if ((byte)operation > (byte)JumpOperation.JSLE) return $"unknown jump operation 0x{(byte)operation >> 4:x}";
        switch (operation)
        {
            case JumpOperation.JA:
                if (op.Source != OperandSource.Constant) return "goto takes no register operand";
                if (i.Destination != 0 || i.Source != 0) return "goto has reserved register fields that must be 0";
                if (is32) return i.Offset != 0 ? "gotol keeps its offset in the immediate; the offset field must be 0" : null;
                return i.Immediate != 0 ? "goto has a reserved immediate that must be 0" : null;
            case JumpOperation.Call:
                if (is32) return "call exists only in the JMP class";
                if (op.Source == OperandSource.Register)
                    return i.Source != 0 || i.Offset != 0 || i.Immediate != 0 ? "callx has reserved source, offset and immediate fields that must be 0" : null;
                if (i.Destination != 0) return "call has a reserved destination register field that must be 0";
                return i.CallKind switch
                {
                    CallKind.Helper or CallKind.Local => i.Offset != 0 ? "call has a reserved offset field that must be 0" : null,
                    CallKind.KernelFunction => null,
                    _ => $"unknown call kind {(byte)i.Source} (0 helper, 1 local function, 2 kfunc)",
                };
            case JumpOperation.Exit:
                if (is32) return "exit exists only in the JMP class";
                return op.Source != OperandSource.Constant || i.Destination != 0 || i.Source != 0 || i.Offset != 0 || i.Immediate != 0
                    ? "exit has reserved fields that must be 0" : null;
        }
        if (op.Source == OperandSource.Constant)
            return i.Source != 0 ? "a comparison with an immediate has a reserved source register field that must be 0" : null;
        if (SourceRegister(i) is { } bad) return bad;
        return i.Immediate != 0 ? "a comparison of registers has a reserved immediate that must be 0" : null;
    }

    static string? CheckLd(Instruction i)
    {
        var op = i.Opcode;
        switch (op.Mode)
        {
            case AccessMode.Immediate:
                if (op.Size != AccessSize.DoubleWord) return "the immediate load exists only as the 64-bit lddw";
                if ((byte)i.Source > (byte)PseudoSource.MapIndexValue) return $"unknown pseudo source {(byte)i.Source} of lddw";
                if (i.Offset != 0) return "lddw has a reserved offset field that must be 0";
                // The kernel rejects a map fd or index with a second-slot immediate; a function
                // reference has no use for it either (libbpf writes 0), so keep it unambiguous.
                if (i.PseudoSource is PseudoSource.MapFd or PseudoSource.MapIndex or PseudoSource.Function && (i.Immediate >> 32) != 0)
                    return $"lddw with pseudo source {i.PseudoSource} has a reserved second-slot immediate that must be 0";
                return null;
            case AccessMode.Absolute or AccessMode.Indirect:
                if (op.Size == AccessSize.DoubleWord) return "legacy packet loads are 1, 2 or 4 bytes wide";
                if (i.Destination != 0 || i.Offset != 0) return "legacy packet loads have reserved destination and offset fields that must be 0";
                if (op.Mode == AccessMode.Absolute && i.Source != 0) return "an absolute packet load has a reserved source register field that must be 0";
                return SourceRegister(i);
            default:
                return $"the LD class has no {op.Mode} mode";
        }
    }

    static string? CheckLdx(Instruction i)
    {
        var op = i.Opcode;
        if (op.Mode == AccessMode.MemorySignExtend)
        {
            if (op.Size == AccessSize.DoubleWord) return "a sign-extending load is 1, 2 or 4 bytes wide";
        }
        else if (op.Mode != AccessMode.Memory) return $"the LDX class has no {op.Mode} mode";
        if (SourceRegister(i) is { } bad) return bad;
        return i.Immediate != 0 ? "a load has a reserved immediate that must be 0" : null;
    }

    static string? CheckSt(Instruction i)
    {
        if (i.Opcode.Mode != AccessMode.Memory) return $"the ST class has no {i.Opcode.Mode} mode";
        return i.Source != 0 ? "a store of an immediate has a reserved source register field that must be 0" : null;
    }

    static string? CheckStx(Instruction i)
    {
        var op = i.Opcode;
        if (SourceRegister(i) is { } bad) return bad;
        if (op.Mode == AccessMode.Memory)
            return i.Immediate != 0 ? "a store of a register has a reserved immediate that must be 0" : null;
        if (op.Mode != AccessMode.Atomic) return $"the STX class has no {op.Mode} mode";
        if (op.Size is not (AccessSize.Word or AccessSize.DoubleWord)) return "atomic operations are 4 or 8 bytes wide";
        return (AtomicOperation)i.Immediate switch
        {
            AtomicOperation.Add or AtomicOperation.Or or AtomicOperation.And or AtomicOperation.Xor
                or AtomicOperation.FetchAdd or AtomicOperation.FetchOr or AtomicOperation.FetchAnd or AtomicOperation.FetchXor
                or AtomicOperation.Exchange or AtomicOperation.CompareExchange => null,
            _ => $"unknown atomic operation 0x{i.Immediate:x}",
        };
    }
}

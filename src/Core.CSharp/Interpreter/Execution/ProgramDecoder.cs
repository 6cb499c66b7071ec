using EbpfCat.Interpreter.Memory;
using EbpfCat.Isa;

namespace EbpfCat.Interpreter.Execution;

/// <summary>Turns instructions into the compact form the executor runs, checking once what the kernel's verifier
/// would reject outright: invalid encodings, jumps outside the program or into the middle of <c>lddw</c>, writes
/// to r10, unknown maps and instructions the interpreter does not implement.</summary>
internal static class ProgramDecoder
{
    public static DecodedInstruction[] Decode(ReadOnlySpan<Instruction> program, IReadOnlyList<InterpreterMap> maps)
    {
        if (program.IsEmpty) throw Invalid(-1, "the program has no instructions");
        // Offsets in the encoding count 8-byte slots; lddw takes two, so map slots to indices once.
        var indexOfSlot = new int[InstructionEncoding.SlotCount(program)];
        var slotOf = new int[program.Length];
        for (int i = 0, slot = 0; i < program.Length; i++)
        {
            slotOf[i] = slot;
            indexOfSlot[slot++] = i;
            if (program[i].IsWide) indexOfSlot[slot++] = -1;
        }

        var code = new DecodedInstruction[program.Length + 1];
        for (int i = 0; i < program.Length; i++)
        {
            var instruction = program[i];
            if (instruction.Validate() is { } reason) throw Invalid(i, reason);
            code[i] = new DecodedInstruction
            {
                Opcode = instruction.Opcode.Value,
                Destination = (byte)instruction.Destination,
                Source = (byte)instruction.Source,
                Offset = instruction.Offset,
                Immediate = instruction.Immediate,
            };
            Prepare(ref code[i], instruction, i, Target);
            int Target(long relativeSlots)
            {
                long slot = slotOf[i] + 1 + relativeSlots;
                if (slot < 0 || slot >= indexOfSlot.Length)
                    throw Invalid(i, $"the target {relativeSlots:+#;-#;+0} is outside the program");
                if (indexOfSlot[slot] < 0) throw Invalid(i, $"the target {relativeSlots:+#;-#;+0} is the second half of an lddw");
                return indexOfSlot[slot];
            }
        }
        code[^1] = new DecodedInstruction { Opcode = DecodedInstruction.FellOffEnd };

        void Prepare(ref DecodedInstruction d, Instruction instruction, int index, Func<long, int> target)
        {
            var opcode = instruction.Opcode;
            switch (opcode.Class)
            {
                case InstructionClass.Alu or InstructionClass.Alu64 or InstructionClass.Ldx:
                    RequireWritable(index, instruction.Destination);
                    break;
                case InstructionClass.Stx when opcode.Mode == AccessMode.Atomic:
                    if (((AtomicOperation)instruction.Immediate & AtomicOperation.Fetch) != 0 && instruction.Immediate != (long)AtomicOperation.CompareExchange)
                        RequireWritable(index, instruction.Source);
                    break;
                case InstructionClass.Ld when opcode.Mode != AccessMode.Immediate:
                    throw Invalid(index, "legacy packet loads (LD_ABS, LD_IND) belong to socket filters and are not supported");
                case InstructionClass.Ld:
                    RequireWritable(index, instruction.Destination);
                    d.Immediate = LoadImmediate(instruction, index, maps, target);
                    break;
                case InstructionClass.Jmp or InstructionClass.Jmp32:
                    switch (opcode.JumpOperation)
                    {
                        case JumpOperation.Exit:
                            break;
                        case JumpOperation.Call when opcode.Source == OperandSource.Register:
                            // LLVM puts callx's register in the immediate; the ISA document puts it in dst.
                            if (instruction.Destination == 0 && instruction.Immediate is > 0 and <= 10)
                                d.Destination = (byte)instruction.Immediate;
                            break;
                        case JumpOperation.Call when instruction.CallKind == CallKind.Local:
                            d.Offset = target(instruction.Imm32);
                            break;
                        case JumpOperation.Call when instruction.CallKind == CallKind.KernelFunction:
                            throw Invalid(index, $"kfunc calls (BTF id {instruction.Imm32}) are not supported by the interpreter");
                        case JumpOperation.Call:
                            break;
                        case JumpOperation.JA when opcode.Class == InstructionClass.Jmp32:
                            d.Offset = target(instruction.Imm32);
                            break;
                        default:
                            d.Offset = target(instruction.Offset);
                            break;
                    }
                    break;
            }
        }
        return code;
    }

    static long LoadImmediate(Instruction instruction, int index, IReadOnlyList<InterpreterMap> maps, Func<long, int> target)
    {
        int low = instruction.Imm32, high = (int)(instruction.Immediate >> 32);
        switch (instruction.PseudoSource)
        {
            case PseudoSource.None:
                return instruction.Immediate;
            case PseudoSource.MapFd:
                return (long)((AddressSpace.MapHandleTag << 32) | (uint)ByFd(low));
            case PseudoSource.MapIndex:
                return (long)((AddressSpace.MapHandleTag << 32) | (uint)ByIndex(low));
            case PseudoSource.MapValue:
                return ValueAddress(ByFd(low), high);
            case PseudoSource.MapIndexValue:
                return ValueAddress(ByIndex(low), high);
            case PseudoSource.Function:
                return (long)((AddressSpace.FunctionTag << 32) | (uint)target(low));
            default:
                throw Invalid(index, $"lddw with pseudo source {instruction.PseudoSource} is not supported by the interpreter");
        }

        int ByFd(int fd)
        {
            for (int m = 0; m < maps.Count; m++)
                if (maps[m].Fd == fd) return m;
            throw Invalid(index, $"no map has fd {fd} (give the map in InterpreterOptions.Maps and use its Fd)");
        }

        int ByIndex(int m) => (uint)m < (uint)maps.Count ? m : throw Invalid(index, $"map index {m} is not below the {maps.Count} maps given");

        long ValueAddress(int m, int offset)
        {
            var map = maps[m];
            // As the kernel: direct value access is for plain arrays, and the offset must lie inside one value.
            if (map.Kind != InterpreterMapKind.Array)
                throw Invalid(index, $"direct value access needs an array map, and {map} is not one");
            if ((uint)offset >= (uint)map.ValueSize)
                throw Invalid(index, $"offset {offset} is outside the {map.ValueSize}-byte value of map '{map.Name}'");
            return (long)AddressSpace.BaseOf(AddressSpace.FirstMapRegion + m) + offset;
        }
    }

    static void RequireWritable(int index, Register register)
    {
        if (register == Register.R10) throw Invalid(index, "r10 is the read-only frame pointer");
    }

    static InterpreterException Invalid(int index, string reason) => new(InterpreterFault.InvalidProgram, index, reason);
}

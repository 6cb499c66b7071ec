using EbpfCat.Isa;

namespace EbpfCat.Engines;

/// <summary>Inserts instructions into a program without breaking its control flow: a prologue before the first
/// instruction, and chosen instructions replaced by sequences; every jump, <c>gotol</c>, local call and function
/// pointer (<c>lddw</c> with <see cref="PseudoSource.Function"/>) of the original code is retargeted to where its
/// target moved.</summary>
/// <remarks>A jump to an instruction that was replaced lands on the first instruction of its replacement; a jump to
/// the original first instruction lands after the prologue (the prologue runs once). Replacement sequences are copied
/// as they are: their own jumps must stay inside them.</remarks>
internal static class ProgramSplicer
{
    /// <summary>The spliced program; for each original instruction the index of its first instruction in it
    /// (<paramref name="NewIndex"/>), and for each new instruction the original one it comes from, or -1 for the
    /// prologue (<paramref name="Origin"/>).</summary>
    public sealed record Result(Instruction[] Instructions, int[] NewIndex, int[] Origin);

    /// <summary>The slot (8-byte unit) where the main function ends: the first slot of the lowest-placed function that
    /// a local call or function pointer targets, or the end of the program.</summary>
    public static int MainFunctionEnd(IReadOnlyList<Instruction> program)
    {
        int slot = 0, end = int.MaxValue;
        foreach (var instruction in program)
        {
            if (TargetField(instruction) is TargetKind.CallOrFunction && slot + 1 + instruction.Imm32 is var target && target > 0)
                end = Math.Min(end, target);
            slot += instruction.Slots;
        }
        return Math.Min(end, slot);
    }

    /// <summary>Splices <paramref name="prologue"/> in front of <paramref name="program"/> and replaces each instruction
    /// for which <paramref name="replace"/> (given its index, slot and value) returns a sequence.</summary>
    /// <exception cref="ArgumentException">A jump of the program leads outside it or into the middle of an <c>lddw</c>,
    /// or no longer fits its offset field after the insertions.</exception>
    public static Result Splice(IReadOnlyList<Instruction> program, IReadOnlyList<Instruction> prologue,
        Func<int, int, Instruction, IReadOnlyList<Instruction>?> replace)
    {
        int prologueSlots = prologue.Sum(i => i.Slots);
        var replacements = new IReadOnlyList<Instruction>?[program.Count];
        int oldSlots = program.Sum(i => i.Slots);
        // newSlotOf[old slot] = where that slot's instruction starts now; -1 for the second half of an lddw.
        var newSlotOf = new int[oldSlots + 1];
        var newIndex = new int[program.Count];
        int oldSlot = 0, newSlot = prologueSlots, index = prologue.Count;
        for (int i = 0; i < program.Count; i++)
        {
            var instruction = program[i];
            replacements[i] = replace(i, oldSlot, instruction);
            newSlotOf[oldSlot] = newSlot;
            if (instruction.IsWide) newSlotOf[oldSlot + 1] = -1;
            newIndex[i] = index;
            oldSlot += instruction.Slots;
            newSlot += replacements[i] is { } r ? r.Sum(x => x.Slots) : instruction.Slots;
            index += replacements[i]?.Count ?? 1;
        }
        newSlotOf[oldSlots] = newSlot;

        var output = new List<Instruction>(index);
        var origin = new List<int>(index);
        output.AddRange(prologue);
        origin.AddRange(Enumerable.Repeat(-1, prologue.Count));
        oldSlot = 0;
        for (int i = 0; i < program.Count; i++)
        {
            var instruction = program[i];
            if (replacements[i] is { } sequence) output.AddRange(sequence);
            else output.Add(Retarget(instruction, i, oldSlot, newSlotOf));
            origin.AddRange(Enumerable.Repeat(i, output.Count - origin.Count));
            oldSlot += instruction.Slots;
        }
        return new Result([.. output], newIndex, [.. origin]);
    }

    enum TargetKind { None, Offset, Immediate, CallOrFunction }

    static TargetKind TargetField(Instruction instruction)
    {
        var opcode = instruction.Opcode;
        if (instruction.IsWide) return instruction.PseudoSource == PseudoSource.Function ? TargetKind.CallOrFunction : TargetKind.None;
        if (!opcode.IsJump) return TargetKind.None;
        return opcode.JumpOperation switch
        {
            JumpOperation.Exit => TargetKind.None,
            JumpOperation.Call => opcode.Source == OperandSource.Constant && instruction.CallKind == CallKind.Local ? TargetKind.CallOrFunction : TargetKind.None,
            // gotol (JA in the 32-bit jump class) keeps its distance in the immediate.
            JumpOperation.JA when opcode.Class == InstructionClass.Jmp32 => TargetKind.Immediate,
            _ => TargetKind.Offset,
        };
    }

    static Instruction Retarget(Instruction instruction, int index, int oldSlot, int[] newSlotOf)
    {
        var kind = TargetField(instruction);
        if (kind == TargetKind.None) return instruction;
        long distance = kind == TargetKind.Offset ? instruction.Offset : instruction.Imm32;
        long target = oldSlot + 1 + distance;
        if (target < 0 || target >= newSlotOf.Length || newSlotOf[target] < 0)
            throw new ArgumentException($"instruction {index} ({instruction}) jumps outside the program or into the middle of an lddw");
        long moved = newSlotOf[target] - (newSlotOf[oldSlot] + 1L);
        if (kind == TargetKind.Offset)
        {
            if (moved is < short.MinValue or > short.MaxValue)
                throw new ArgumentException($"instruction {index} ({instruction}) jumps {moved} slots after the insertions, beyond a 16-bit offset");
            return instruction with { Offset = (short)moved };
        }
        // Keep the upper half of an lddw's immediate (it is zero for function pointers, but do not assume).
        return instruction with { Immediate = instruction.IsWide ? (instruction.Immediate & ~0xffff_ffffL) | (uint)(int)moved : (int)moved };
    }
}

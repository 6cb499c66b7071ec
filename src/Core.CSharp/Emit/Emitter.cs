using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Mir;

namespace EbpfCat.Emit;

/// <summary>The direct back end's last step: MIR with physical registers to instructions, resolving
/// labels to relative offsets (once, after layout) and recording map relocations and the source map.</summary>
/// <example><code>CompiledProgram p = Emitter.Emit(allocated, program);</code></example>
public static class Emitter
{
    /// <summary>Encodes <paramref name="function"/>, whose registers must all be physical.</summary>
    /// <exception cref="InvalidOperationException">A branch is out of reach of a 16-bit offset on an ISA without gotol.</exception>
    public static CompiledProgram Emit(MirFunction function, IrProgram program)
    {
        // A first walk lays out the slots and counts what the second fills, so each array is made once at its length.
        var labelSlot = new Dictionary<MirLabel, int>();
        int slot = 0, count = 0, references = 0, entries = 0;
        int previous = -1;
        foreach (ref readonly var item in function.Items)
        {
            if (item.Mark is { } m) { labelSlot[m.Label] = slot; continue; }
            ref readonly var i = ref item.UncheckedInstruction;
            slot += i.Opcode == Opcode.LoadImm64 ? 2 : 1;
            count++;
            if (i.Map is not null) references++;
            if (previous != i.Location) { entries++; previous = i.Location; }
        }

        var instructions = new Instruction[count];
        var mapReferences = new MapReference[references];
        var sourceMap = new SourceMapEntry[entries];
        (slot, count, references, entries, previous) = (0, 0, 0, 0, -1);
        foreach (ref readonly var item in function.Items)
        {
            if (item.IsMark) continue;
            ref readonly var i = ref item.UncheckedInstruction;
            if (!i.Dst.IsPhysical || !i.Src.IsPhysical) throw new InvalidOperationException($"{i} still has virtual registers");
            short offset = i.Offset;
            var instruction = i.ToInstruction(offset);
            if (i.Target is { } target)
            {
                int relative = labelSlot[target] - (slot + 1);
                if (relative is < short.MinValue or > short.MaxValue)
                {
                    if (instruction.Opcode != Opcode.Jump(JumpOperation.JA, OperandSource.Constant))
                        throw new InvalidOperationException($"{function.LocationOf(i)}: a conditional jump of {relative} instructions is out of reach; split the program");
                    instruction = Instruction.GotoLong(relative);
                }
                else instruction = instruction with { Offset = (short)relative };
            }
            if (i.Map is { } map) mapReferences[references++] = new MapReference(count, function.Maps[map]);
            if (previous != i.Location) { sourceMap[entries++] = new SourceMapEntry(slot, function.Locations[i.Location]); previous = i.Location; }
            instructions[count++] = instruction;
            slot += instruction.Slots;
        }
        return new CompiledProgram(program.Name, program.License, EquatableArray.Adopt(instructions), EquatableArray.Adopt(mapReferences),
            EquatableArray.Adopt(sourceMap), program.Maps);
    }
}

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
        var labelSlot = new Dictionary<MirLabel, int>();
        int slot = 0;
        foreach (var item in function.Items)
        {
            if (item is MirLabelMark m) labelSlot[m.Label] = slot;
            else slot += ((MirInstruction)item).Opcode == Opcode.LoadImm64 ? 2 : 1;
        }

        var instructions = new List<Instruction>();
        var references = new List<MapReference>();
        var sourceMap = new List<SourceMapEntry>();
        slot = 0;
        foreach (var item in function.Items)
        {
            if (item is not MirInstruction i) continue;
            if (!i.Dst.IsPhysical || !i.Src.IsPhysical) throw new InvalidOperationException($"{i} still has virtual registers");
            short offset = i.Offset;
            var instruction = i.ToInstruction(offset);
            if (i.Target is { } target)
            {
                int relative = labelSlot[target] - (slot + 1);
                if (relative is < short.MinValue or > short.MaxValue)
                {
                    if (instruction.Opcode != Opcode.Jump(JumpOperation.JA, OperandSource.Constant))
                        throw new InvalidOperationException($"{i.Location}: a conditional jump of {relative} instructions is out of reach; split the program");
                    instruction = Instruction.GotoLong(relative);
                }
                else instruction = instruction with { Offset = (short)relative };
            }
            if (i.Map is not null) references.Add(new MapReference(instructions.Count, i.Map));
            if (sourceMap.Count == 0 || sourceMap[^1].Location != i.Location) sourceMap.Add(new SourceMapEntry(slot, i.Location));
            instructions.Add(instruction);
            slot += instruction.Slots;
        }
        return new CompiledProgram(program.Name, program.License, [.. instructions], [.. references], [.. sourceMap], program.Maps);
    }
}

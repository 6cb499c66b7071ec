using System.Runtime.InteropServices;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Mir;

namespace EbpfCat.Passes;

/// <summary>Pass: moves each load from memory down to just before the first instruction that reads its value, within
/// straight code, so a value loaded early and used late does not hold a register all the while (fourteen packet bytes
/// read first and multiplied later are each read where the product needs them).</summary>
/// <remarks>
/// A load moves only past instructions that cannot change what it reads or where: no store, call, atomic, legacy
/// packet load, jump or label comes between, and its address register is not written. A load whose value is first
/// read past the end of its straight code stays where it is. Runs on virtual registers, before allocation.
/// </remarks>
/// <example><code>MirFunction scheduled = LoadSinking.Run(selected);</code></example>
public static class LoadSinking
{
    /// <summary>The farthest a load moves, in instructions (it keeps the pass linear on long straight code).</summary>
    const int Reach = 256;

    /// <summary>The function with its loads next to their first reader.</summary>
    public static MirFunction Run(MirFunction function)
    {
        var items = MirItems.Working(function.Items);
        bool changed = false;
        // t = load; v = t with t read nowhere else (how a local is assigned a field) is v = load: the load is what moves
        using var scratch = ScratchArrays.Open();
        var reads = scratch.Rent(function.RegisterBound(), 0); // by register number
        foreach (ref readonly var item in CollectionsMarshal.AsSpan(items))
            if (!item.IsMark)
                foreach (var r in MirOperands.Uses(item.UncheckedInstruction)) reads[r.Number]++;
        bool[]? merged = null; // the moves folded into their load, dropped in one sweep
        var span = CollectionsMarshal.AsSpan(items);
        for (int k = items.Count - 2; k >= 0; k--)
        {
            if (span[k].IsMark || span[k + 1].IsMark) continue;
            ref readonly var load = ref span[k].UncheckedInstruction;
            ref readonly var move = ref span[k + 1].UncheckedInstruction;
            if (load.Opcode.Class == InstructionClass.Ldx && MirOperands.IsMove(move)
                && move.Src == load.Dst && !move.Dst.IsPhysical && move.Dst != load.Src && reads[load.Dst.Number] == 1)
            {
                items[k] = load with { Dst = move.Dst };
                (merged ??= scratch.Rent(items.Count, false))[k + 1] = true;
                changed = true;
            }
        }
        if (merged is not null) MirItems.RemoveMarked(items, merged);
        // from the end, so a load moves past the loads below it that have already moved
        span = CollectionsMarshal.AsSpan(items);
        for (int k = span.Length - 1; k >= 0; k--)
        {
            if (span[k].IsMark) continue;
            ref readonly var candidate = ref span[k].UncheckedInstruction;
            if (candidate.Opcode.Class != InstructionClass.Ldx || candidate.Opcode.Mode != AccessMode.Memory
                || candidate.Dst.IsPhysical || candidate.Dst == candidate.Src) continue;
            int reader = FirstReader(span, k, candidate);
            if (reader <= k + 1) continue;
            // what lies between moves up by one and the load goes in before its reader: a cost of the distance,
            // where removing and inserting would move the whole rest of the program twice
            var load = span[k];
            span.Slice(k + 1, reader - 1 - k).CopyTo(span.Slice(k));
            span[reader - 1] = load;
            changed = true;
        }
        if (changed) return function with { Items = MirItems.Finish(items) };
        MirItems.Release(items);
        return function;
    }

    /// <summary>The index of the first instruction after <paramref name="at"/> that reads the loaded value, when
    /// nothing on the way stops the load from moving there; otherwise <paramref name="at"/>.</summary>
    static int FirstReader(ReadOnlySpan<MirItem> items, int at, in MirInstruction load)
    {
        for (int j = at + 1; j < items.Length && j - at <= Reach; j++)
        {
            if (items[j].IsMark) return at;
            ref readonly var i = ref items[j].UncheckedInstruction;
            if (MirOperands.Uses(i).Contains(load.Dst)) return j;
            if (i.Target is not null || MirOperands.EndsFlow(i) || MirOperands.Clobbers(i) || i.Opcode.Class is InstructionClass.St or InstructionClass.Stx
                || (i.Opcode.Class == InstructionClass.Ld && i.Opcode != Opcode.LoadImm64) || i.Opcode == Opcode.Jump(JumpOperation.Exit, OperandSource.Constant))
                return at;
            var defs = MirOperands.Defs(i);
            if (defs.Contains(load.Dst) || defs.Contains(load.Src)) return at;
        }
        return at;
    }
}

using EbpfCat.Isa;
using EbpfCat.Mir;

namespace EbpfCat.Passes;

/// <summary>Pass: local clean-ups on allocated MIR: jumps to the next instruction vanish, jumps to an
/// unconditional jump go straight to its target (jump threading), code after exit or goto up to the
/// next label is dead, labels no jump refers to are dropped, and when the code before a <c>goto L</c>
/// ends with the same instructions as the code falling into <c>L</c>, the copy before the goto is
/// removed and the goto enters the other copy instead (cross-jumping, as in if/else tails), and an
/// if/else that only sets one register to one of two constants becomes a select without the goto, and a move
/// straight back (<c>a = b; b = a</c>) loses its second half.</summary>
/// <example><code>MirFunction tidy = Peephole.Run(allocated);</code></example>
public static class Peephole
{
    /// <summary>Repeats the clean-ups until nothing changes.</summary>
    public static MirFunction Run(MirFunction function)
    {
        var items = function.Items.ToList();
        int labels = 1 + items.OfType<MirLabelMark>().Select(m => m.Label.Id).DefaultIfEmpty(-1).Max();
        bool changed = true;
        while (changed)
        {
            changed = ThreadJumps(items) | DropDeadCode(items) | DropJumpsToNext(items) | DropUnusedLabels(items) | DropMovesBack(items)
                || CrossJump(items, ref labels) || IfConvert(items);
        }
        return function with { Items = [.. items] };
    }

    /// <summary>Only what the kernel requires of every program: no unreachable instructions (the verifier rejects
    /// them), so code after exit or goto that no jump reaches goes; nothing else changes.</summary>
    /// <example><code>MirFunction plain = Peephole.RemoveUnreachable(allocated);   // CompilerOptions.Optimize off</code></example>
    public static MirFunction RemoveUnreachable(MirFunction function)
    {
        var items = function.Items.ToList();
        while (DropDeadCode(items) | DropUnusedLabels(items)) { }
        return function with { Items = [.. items] };
    }

    /// <summary>
    /// <c>if c goto E; x = A; goto J; E: x = B; J:</c> becomes <c>x = B; if c goto J; x = A; J:</c>
    /// when both are constant loads of the same register that the condition does not read.
    /// </summary>
    static bool IfConvert(List<MirItem> items)
    {
        for (int k = 0; k + 5 < items.Count; k++)
        {
            if (items[k] is not MirInstruction { Target: { } otherwise } branch || IsGoto(branch)) continue;
            if (items[k + 1] is not MirInstruction then || !IsConstantLoad(then)) continue;
            if (items[k + 2] is not MirInstruction { Target: { } join } skip || !IsGoto(skip)) continue;
            if (items[k + 3] is not MirLabelMark e || e.Label != otherwise) continue;
            if (items[k + 4] is not MirInstruction alternative || !IsConstantLoad(alternative) || alternative.Dst != then.Dst) continue;
            if (items[k + 5] is not MirLabelMark j || j.Label != join) continue;
            if (MirOperands.Uses(branch).Contains(alternative.Dst)) continue;
            if (items.Count(i => i is MirInstruction { Target: { } t } && t == otherwise) != 1) continue;
            items[k] = alternative;
            items[k + 1] = branch with { Target = join };
            items[k + 2] = then;
            items.RemoveRange(k + 3, 2);
            return true;
        }
        return false;
    }

    /// <summary><c>a = b; b = a</c> (64-bit moves, nothing between): after the first, b already equals a.</summary>
    /// <remarks>Register allocation leaves these where a value is copied into a temporary and back around
    /// a statement; 32-bit moves are left alone, their zero extension changes the upper half.</remarks>
    static bool DropMovesBack(List<MirItem> items)
    {
        bool changed = false;
        for (int k = 0; k + 1 < items.Count; k++)
        {
            if (items[k] is not MirInstruction first || items[k + 1] is not MirInstruction second) continue;
            if (!MirOperands.IsMove(first) || !MirOperands.IsMove(second)) continue;
            if (second.Dst != first.Src || second.Src != first.Dst) continue;
            items.RemoveAt(k + 1);
            changed = true;
        }
        return changed;
    }

    static bool IsConstantLoad(MirInstruction i)
        => i.Opcode == Opcode.LoadImm64 || i.Opcode == Opcode.Alu64(AluOperation.Mov, OperandSource.Constant) || i.Opcode == Opcode.Alu32(AluOperation.Mov, OperandSource.Constant);

    static bool CrossJump(List<MirItem> items, ref int labels)
    {
        for (int k = 0; k < items.Count; k++)
        {
            if (items[k] is not MirInstruction { Target: { } target } jump || !IsGoto(jump)) continue;
            int t = items.FindIndex(i => i is MirLabelMark m && m.Label == target);
            int p = t - 1;
            if (p < 0 || items[p] is not MirInstruction fall || MirOperands.EndsFlow(fall)) continue;
            int common = 0;
            while (k - 1 - common >= 0 && p - common >= 0 && p - common != k
                   && items[k - 1 - common] is MirInstruction a && items[p - common] is MirInstruction b
                   && !MirOperands.EndsFlow(a) && a with { Location = b.Location } == b)
                common++;
            // the two copies must not overlap
            if (common == 0 || (k - common <= p && p <= k)) continue;
            var entry = new MirLabel(labels++);
            items.Insert(p - common + 1, new MirLabelMark(entry));
            if (p - common + 1 <= k) k++;
            items[k] = jump with { Target = entry };
            items.RemoveRange(k - common, common);
            return true;
        }
        return false;
    }

    static bool IsGoto(MirInstruction i) => i.Opcode == Opcode.Jump(JumpOperation.JA, OperandSource.Constant);

    static bool ThreadJumps(List<MirItem> items)
    {
        // label -> the label a goto right after it leads to
        var forward = new Dictionary<MirLabel, MirLabel>();
        for (int k = 0; k < items.Count; k++)
        {
            if (items[k] is not MirLabelMark mark) continue;
            int j = k + 1;
            while (j < items.Count && items[j] is MirLabelMark) j++;
            if (j < items.Count && items[j] is MirInstruction { Target: { } next } g && IsGoto(g) && next != mark.Label) forward[mark.Label] = next;
        }
        bool changed = false;
        for (int k = 0; k < items.Count; k++)
        {
            if (items[k] is not MirInstruction { Target: { } t } i) continue;
            var final = t;
            for (int hops = 0; hops < 16 && forward.TryGetValue(final, out var n); hops++) final = n;
            if (final != t) { items[k] = i with { Target = final }; changed = true; }
        }
        return changed;
    }

    static bool DropDeadCode(List<MirItem> items)
    {
        bool changed = false;
        for (int k = 0; k < items.Count; k++)
        {
            if (items[k] is not MirInstruction i || !MirOperands.EndsFlow(i)) continue;
            while (k + 1 < items.Count && items[k + 1] is MirInstruction) { items.RemoveAt(k + 1); changed = true; }
        }
        return changed;
    }

    static bool DropJumpsToNext(List<MirItem> items)
    {
        bool changed = false;
        for (int k = items.Count - 1; k >= 0; k--)
        {
            if (items[k] is not MirInstruction { Target: { } t } i || !IsGoto(i)) continue;
            for (int j = k + 1; j < items.Count && items[j] is MirLabelMark m; j++)
                if (m.Label == t) { items.RemoveAt(k); changed = true; break; }
        }
        return changed;
    }

    static bool DropUnusedLabels(List<MirItem> items)
    {
        var used = items.OfType<MirInstruction>().Where(i => i.Target is not null).Select(i => i.Target!).ToHashSet();
        return items.RemoveAll(i => i is MirLabelMark m && !used.Contains(m.Label)) > 0;
    }
}

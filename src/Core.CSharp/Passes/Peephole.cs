using System.Runtime.InteropServices;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Mir;

namespace EbpfCat.Passes;

/// <summary>Pass: local clean-ups on allocated MIR: jumps to the next instruction vanish (conditional ones too), jumps to an
/// unconditional jump go straight to its target (jump threading), code after exit or goto up to the
/// next label is dead, labels no jump refers to are dropped, and when the code before a <c>goto L</c>
/// ends with the same instructions as the code falling into <c>L</c>, the copy before the goto is
/// removed and the goto enters the other copy instead (cross-jumping, as in if/else tails), and an
/// if/else that only sets one register to one of two constants becomes a select without the goto, and a move
/// straight back (<c>a = b; b = a</c>) loses its second half; a conditional jump over a block that ends in exit
/// jumps, inverted, to another copy of that block instead (one <c>r0 = K; exit</c> serves every early exit), and a
/// long chain of equality tests of one register that all jump to one place becomes a search tree, and a move (or a
/// reload of a value still in a register) on a straight way to exit becomes a renaming of the rest of that way.</summary>
/// <example><code>MirFunction tidy = Peephole.Run(allocated, IsaVersion.V4);</code></example>
public static class Peephole
{
    /// <summary>Repeats the clean-ups until nothing changes; <paramref name="isa"/> limits the jumps an inverted
    /// condition may use (jlt, jle, jslt and jsle are v2).</summary>
    public static MirFunction Run(MirFunction function, IsaVersion isa = IsaVersion.V4)
    {
        var items = MirItems.Working(function.Items);
        int labels = 0; // the next free label number (a loop: the query it was cost a short program a quarter of this pass)
        foreach (ref readonly var item in CollectionsMarshal.AsSpan(items)) if (item.Mark is { } m) labels = Math.Max(labels, m.Label.Id + 1);
        do
        {
            bool changed = true;
            while (changed)
            {
                changed = ThreadJumps(items) | DropDeadCode(items) | DropJumpsToNext(items) | DropUnusedLabels(items) | DropMovesBack(items)
                    || ShareExitBlocks(items, isa, ref labels) || CrossJump(items, ref labels) || IfConvert(items) || RenameInsteadOfMoving(items);
            }
        }
        while (SearchTrees(items, ref labels));
        return function with { Items = MirItems.Finish(items) };
    }

    /// <summary>How far <see cref="RenameInsteadOfMoving"/> looks, in either direction.</summary>
    const int RenameWindow = 512;

    /// <summary>
    /// <c>b = a</c>, or a reload of a spill slot into <c>b</c> while <c>a</c> still holds the slot's value, where
    /// <c>a</c> is written before it is read again and the code after it runs straight to exit: that code swaps the
    /// names <c>a</c> and <c>b</c>, and the move or the reload goes (a reload into the register that already holds the
    /// value goes anywhere).
    /// </summary>
    /// <remarks>Register allocation leaves these where a value changes register on its way out (a store's value, a
    /// product's factor reloaded from the stack into a second register). Only r1–r9 are renamed: r0 is what exit
    /// returns, r10 the frame; no call, legacy packet load or jump may come before the exit.</remarks>
    static bool RenameInsteadOfMoving(List<MirItem> items)
    {
        bool[]? removed = null; // dropped at the end, in one sweep
        using var scratch = ScratchArrays.Open();
        var span = CollectionsMarshal.AsSpan(items); // the list keeps its length until the sweep at the end
        for (int k = 0; k < span.Length; k++)
        {
            if (span[k].IsMark) continue;
            ref readonly var copy = ref span[k].UncheckedInstruction;
            VirtualRegister a, b = copy.Dst;
            if (MirOperands.IsMove(copy)) a = copy.Src;
            else if (HolderOfReloadedSlot(items, k, removed) is { } holder)
            {
                if (holder == b) { (removed ??= scratch.Rent(items.Count, false))[k] = true; continue; }
                a = holder;
            }
            else continue;
            if (a == b || !Renamable(a) || !Renamable(b) || StraightToExit(items, k + 1, a, b) is not { } end) continue;
            VirtualRegister Swap(VirtualRegister r) => r == a ? b : r == b ? a : r;
            for (int j = k + 1; j < end; j++)
            {
                if (span[j].IsMark) continue;
                ref readonly var i = ref span[j].UncheckedInstruction;
                span[j] = i with { Dst = Swap(i.Dst), Src = Swap(i.Src) };
            }
            (removed ??= scratch.Rent(items.Count, false))[k] = true;
        }
        if (removed is null) return false;
        MirItems.RemoveMarked(items, removed);
        return true;
    }

    static bool Renamable(VirtualRegister r) => r.IsPhysical && r.Number is >= 1 and <= 9;

    /// <summary>Where renaming from <paramref name="from"/> stops (a label, after which neither register is mentioned,
    /// or the exit), when the code runs straight to an exit and reads <paramref name="a"/> only after writing it; else null.</summary>
    static int? StraightToExit(List<MirItem> items, int from, VirtualRegister a, VirtualRegister b)
    {
        bool aWritten = false;
        int? end = null;
        for (int j = from; j < items.Count && j - from < RenameWindow; j++)
        {
            if (items[j].IsMark) { end ??= j; continue; }
            var i = items[j].UncheckedInstruction;
            if (IsExit(i)) return end ?? j;
            if (i.Target is not null || MirOperands.EndsFlow(i) || MirOperands.Clobbers(i) || (i.Opcode.Class == InstructionClass.Ld && i.Opcode != Opcode.LoadImm64)) return null;
            bool mentions = i.Dst == a || i.Src == a || i.Dst == b || i.Src == b;
            if (end is not null) { if (mentions) return null; continue; }
            if (!aWritten && MirOperands.Uses(i).Contains(a)) return null;
            if (MirOperands.Defs(i).Contains(a)) aWritten = true;
        }
        return null;
    }

    /// <summary>For <c>b = *(u64 *)(r10 + s)</c>: the register that straight code before it stored to, or loaded
    /// from, slot s and has not written since; null when there is none or something may have changed the slot.</summary>
    static VirtualRegister? HolderOfReloadedSlot(List<MirItem> items, int at, bool[]? removed)
    {
        var reload = items[at].UncheckedInstruction;
        var stackLoad = Opcode.Memory(InstructionClass.Ldx, AccessSize.DoubleWord, AccessMode.Memory);
        var stackStore = Opcode.Memory(InstructionClass.Stx, AccessSize.DoubleWord, AccessMode.Memory);
        var frame = VirtualRegister.Of(Register.R10);
        if (reload.Opcode != stackLoad || reload.Src != frame) return null;
        var written = new HashSet<VirtualRegister>();
        for (int j = at - 1, seen = 0; j >= 0 && seen < RenameWindow; j--)
        {
            if (removed is not null && removed[j]) continue;
            seen++;
            if (items[j].Instruction is not { } i || i.Target is not null || MirOperands.EndsFlow(i) || MirOperands.Clobbers(i)) return null;
            VirtualRegister? holder = i.Opcode == stackStore && i.Dst == frame && i.Offset == reload.Offset ? i.Src
                : i.Opcode == stackLoad && i.Src == frame && i.Offset == reload.Offset ? i.Dst : null;
            if (holder is { } h) return written.Contains(h) ? null : h;
            if (i.Opcode.Class is InstructionClass.St or InstructionClass.Stx)
            {
                // another slot of the frame is fine; memory through any other pointer might be this slot
                int bytes = i.Opcode.Size switch { AccessSize.Byte => 1, AccessSize.Half => 2, AccessSize.Word => 4, _ => 8 };
                if (i.Dst != frame || i.Opcode.Mode != AccessMode.Memory || (i.Offset < reload.Offset + 8 && reload.Offset < i.Offset + bytes)) return null;
            }
            foreach (var d in MirOperands.Defs(i)) written.Add(d);
        }
        return null;
    }

    /// <summary>The longest block ending in exit that <see cref="ShareExitBlocks"/> looks for elsewhere.</summary>
    const int SharedBlockLength = 4;

    /// <summary>Conditional jumps are at most this many slots away (a 16-bit offset), with a margin.</summary>
    const int ConditionalReach = 30000;

    /// <summary>
    /// <c>if c goto L; B; L:</c>, where the block <c>B</c> ends in exit and a copy of it is elsewhere, becomes
    /// <c>if !c goto B'</c> with <c>B'</c> that copy (the last one of the program): an early exit costs one jump.
    /// </summary>
    /// <remarks>All the rewrites that do not touch one another are made in one pass over the items.</remarks>
    static bool ShareExitBlocks(List<MirItem> items, IsaVersion isa, ref int labels)
    {
        if (!items.Exists(i => i.Target is not null && !IsGoto(i.UncheckedInstruction))) return false; // nothing to redirect
        // the last end of every block of up to SharedBlockLength straight instructions ending in exit
        var lastCopy = new Dictionary<EquatableArray<MirInstruction>, int>();
        using var scratch = ScratchArrays.Open();
        var slotOf = scratch.Rent(items.Count + 1, 0);
        for (int e = 0; e < items.Count; e++)
        {
            slotOf[e + 1] = slotOf[e] + Slots(items[e]);
            if (!IsExit(items[e])) continue;
            for (int m = 1; m <= SharedBlockLength && BlockAt(items, e, m) is { } block; m++) lastCopy[block] = e;
        }

        var removed = new HashSet<int>();
        var kept = new HashSet<int>();
        var entries = new Dictionary<int, MirLabel>();   // block start -> the label jumps enter it by
        var redirected = new Dictionary<int, MirInstruction>();
        for (int k = 0; k + 2 < items.Count; k++)
        {
            if (items[k].Target is not { } over) continue;
            var branch = items[k].UncheckedInstruction;
            if (IsGoto(branch) || !branch.Opcode.IsJump) continue;
            if (Inverse(branch.Opcode, isa) is not { } inverse) continue;
            int e = k + 1;
            while (e < items.Count && e - k <= SharedBlockLength && items[e].Instruction is { } i && !IsExit(i) && i.Target is null && !MirOperands.EndsFlow(i)) e++;
            if (e >= items.Count || !IsExit(items[e]) || !LabelFollows(items, e, over)) continue;
            int m = e - k;
            if (BlockAt(items, e, m) is not { } own || !lastCopy.TryGetValue(own, out int copy) || copy == e) continue;
            int start = copy - m + 1;
            if (Enumerable.Range(k + 1, m).Any(kept.Contains) || Enumerable.Range(start, m).Any(removed.Contains)) continue;
            if (Math.Abs(slotOf[start] - slotOf[k + 1]) > ConditionalReach) continue;
            if (!entries.TryGetValue(start, out var entry))
                entries[start] = entry = start > 0 && items[start - 1].Mark is { } before ? before.Label : new MirLabel(labels++);
            for (int j = 0; j < m; j++) { removed.Add(k + 1 + j); kept.Add(start + j); }
            redirected[k] = branch with { Opcode = inverse, Target = entry };
        }
        if (redirected.Count == 0) return false;

        var result = MirItems.Working();
        for (int k = 0; k < items.Count; k++)
        {
            if (entries.TryGetValue(k, out var entry) && !(k > 0 && items[k - 1].Mark is { } before && before.Label == entry)) result.Add(new MirLabelMark(entry));
            if (removed.Contains(k)) continue;
            result.Add(redirected.TryGetValue(k, out var r) ? r : items[k]);
        }
        items.Clear();
        items.AddRange(result);
        MirItems.Release(result);
        return true;
    }

    /// <summary>The <paramref name="length"/> instructions ending at <paramref name="end"/>, without their source
    /// locations, when they are straight code (no label, no jump) up to the exit; otherwise null.</summary>
    static EquatableArray<MirInstruction>? BlockAt(List<MirItem> items, int end, int length)
    {
        int start = end - length + 1;
        if (start < 0) return null;
        var block = new MirInstruction[length];
        for (int j = start; j <= end; j++)
        {
            if (items[j].Instruction is not { } i || (j < end && (i.Target is not null || MirOperands.EndsFlow(i) || IsExit(i)))) return null;
            block[j - start] = i with { Location = MirFunction.UnknownLocation };
        }
        return [.. block];
    }

    static bool LabelFollows(List<MirItem> items, int at, MirLabel label)
    {
        for (int j = at + 1; j < items.Count && items[j].Mark is { } m; j++)
            if (m.Label == label) return true;
        return false;
    }

    static bool IsExit(in MirItem item) => !item.IsMark && item.UncheckedInstruction.Opcode == Opcode.Jump(JumpOperation.Exit, OperandSource.Constant);

    static int Slots(in MirItem item) => item.IsMark ? 0 : item.UncheckedInstruction.Opcode == Opcode.LoadImm64 ? 2 : 1;

    /// <summary>The conditional jump taken exactly when <paramref name="jump"/> is not; null for jset, which has
    /// none, and for the v2 jumps on v1.</summary>
    static Opcode? Inverse(Opcode jump, IsaVersion isa)
    {
        JumpOperation? inverse = jump.JumpOperation switch
        {
            JumpOperation.JEQ => JumpOperation.JNE,
            JumpOperation.JNE => JumpOperation.JEQ,
            JumpOperation.JGT => JumpOperation.JLE,
            JumpOperation.JLE => JumpOperation.JGT,
            JumpOperation.JGE => JumpOperation.JLT,
            JumpOperation.JLT => JumpOperation.JGE,
            JumpOperation.JSGT => JumpOperation.JSLE,
            JumpOperation.JSLE => JumpOperation.JSGT,
            JumpOperation.JSGE => JumpOperation.JSLT,
            JumpOperation.JSLT => JumpOperation.JSGE,
            _ => null,
        };
        if (inverse is not { } op || (isa < IsaVersion.V2 && op is JumpOperation.JLT or JumpOperation.JLE or JumpOperation.JSLT or JumpOperation.JSLE)) return null;
        return new Opcode((byte)((jump.Value & 0x0f) | (byte)op));
    }

    /// <summary>Chains of at least this many equality tests become a search tree.</summary>
    const int SearchTreeChain = 8;

    /// <summary>The most equality tests a leaf of a search tree makes before it gives up.</summary>
    const int SearchTreeLeaf = 3;

    /// <summary>
    /// <c>if r == k1 goto T; ...; if r == kn goto T</c> (one register, constants, one target) becomes a binary search
    /// on the constants in unsigned order: <c>if r &gt; pivot goto right</c>, and at the leaves a few equality tests
    /// and a goto past the tree. A value that matches none passes about log2(n) + 4 tests instead of n.
    /// </summary>
    /// <remarks>Runs last, once, and only while the program stays within a 16-bit jump's reach, since the tree adds
    /// instructions between jumps and their targets.</remarks>
    static bool SearchTrees(List<MirItem> items, ref int labels)
    {
        bool changed = false;
        int slots = -1; // counted when the first chain is found
        for (int k = 0; k < items.Count; k++)
        {
            if (!IsConstantEquality(items[k], out var first)) continue;
            int end = k + 1;
            while (end < items.Count && IsConstantEquality(items[end], out var next) && next.Opcode == first.Opcode && next.Dst == first.Dst && next.Target == first.Target) end++;
            if (end - k < SearchTreeChain) continue;
            if (slots < 0) slots = items.Sum(i => Slots(i));
            var tree = SearchTree(items.GetRange(k, end - k), first.Opcode.Class == InstructionClass.Jmp, ref labels);
            int added = tree.Count(i => !i.IsMark) - (end - k);
            if (slots + added > short.MaxValue) return changed;
            slots += added;
            changed = true;
            items.RemoveRange(k, end - k);
            items.InsertRange(k, tree);
            k += tree.Count - 1;
        }
        return changed;
    }

    /// <summary>The search tree of one chain of tests, their constants compared in 64 bits when <paramref name="wide"/>.</summary>
    static List<MirItem> SearchTree(List<MirItem> chain, bool wide, ref int labels)
    {
        ulong Key(MirInstruction i) => wide ? (ulong)i.Immediate : (uint)i.Immediate;
        var tests = chain.Select(i => i.UncheckedInstruction).DistinctBy(Key).OrderBy(Key).ToList();
        var miss = new MirLabel(labels++);
        var tree = new List<MirItem>();
        Tree(tests, tree, miss, last: true, ref labels);
        tree.Add(new MirLabelMark(miss));
        return tree;
    }

    static void Tree(List<MirInstruction> tests, List<MirItem> into, MirLabel miss, bool last, ref int labels)
    {
        if (tests.Count <= SearchTreeLeaf)
        {
            foreach (var test in tests) into.Add(test);
            if (!last) into.Add(tests[0] with { Opcode = Opcode.Jump(JumpOperation.JA, OperandSource.Constant), Dst = default, Immediate = 0, Target = miss });
            return;
        }
        int leaves = (tests.Count + SearchTreeLeaf - 1) / SearchTreeLeaf;
        int left = tests.Count * (leaves / 2) / leaves;
        var right = new MirLabel(labels++);
        into.Add(tests[left - 1] with { Opcode = new Opcode((byte)((tests[0].Opcode.Value & 0x0f) | (byte)JumpOperation.JGT)), Target = right });
        Tree(tests.GetRange(0, left), into, miss, last: false, ref labels);
        into.Add(new MirLabelMark(right));
        Tree(tests.GetRange(left, tests.Count - left), into, miss, last, ref labels);
    }

    static bool IsConstantEquality(MirItem item, out MirInstruction test)
    {
        test = item.UncheckedInstruction;
        return !item.IsMark && test.Target is not null && test.Opcode.IsJump && test.Opcode.JumpOperation == JumpOperation.JEQ && test.Opcode.Source == OperandSource.Constant;
    }

    /// <summary>Only what the kernel requires of every program: no unreachable instructions (the verifier rejects
    /// them), so code after exit or goto that no jump reaches goes; nothing else changes.</summary>
    /// <example><code>MirFunction plain = Peephole.RemoveUnreachable(allocated);   // CompilerOptions.Optimize off</code></example>
    public static MirFunction RemoveUnreachable(MirFunction function)
    {
        var items = MirItems.Working(function.Items);
        while (DropDeadCode(items) | DropUnusedLabels(items)) { }
        return function with { Items = MirItems.Finish(items) };
    }

    /// <summary>
    /// <c>if c goto E; x = A; goto J; E: x = B; J:</c> becomes <c>x = B; if c goto J; x = A; J:</c>
    /// when both are constant loads of the same register that the condition does not read.
    /// </summary>
    static bool IfConvert(List<MirItem> items)
    {
        for (int k = 0; k + 5 < items.Count; k++)
        {
            if (items[k].Target is not { } otherwise) continue;
            var branch = items[k].UncheckedInstruction;
            if (IsGoto(branch)) continue;
            if (items[k + 1].Instruction is not { } then || !IsConstantLoad(then)) continue;
            if (items[k + 2].Instruction is not { Target: { } join } skip || !IsGoto(skip)) continue;
            if (items[k + 3].Mark is not { } e || e.Label != otherwise) continue;
            if (items[k + 4].Instruction is not { } alternative || !IsConstantLoad(alternative) || alternative.Dst != then.Dst) continue;
            if (items[k + 5].Mark is not { } j || j.Label != join) continue;
            if (MirOperands.Uses(branch).Contains(alternative.Dst)) continue;
            if (JumpsTo(items, otherwise) != 1) continue;
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
        bool[]? removed = null;
        using var scratch = ScratchArrays.Open();
        for (int k = 0; k + 1 < items.Count; k++)
        {
            if (items[k].Instruction is not { } first || items[k + 1].Instruction is not { } second) continue;
            if (!MirOperands.IsMove(first) || !MirOperands.IsMove(second)) continue;
            if (second.Dst != first.Src || second.Src != first.Dst) continue;
            (removed ??= scratch.Rent(items.Count, false))[++k] = true; // the next pair starts after the one removed
        }
        if (removed is null) return false;
        MirItems.RemoveMarked(items, removed);
        return true;
    }

    static bool IsConstantLoad(MirInstruction i)
        => i.Opcode == Opcode.LoadImm64 || i.Opcode == Opcode.Alu64(AluOperation.Mov, OperandSource.Constant) || i.Opcode == Opcode.Alu32(AluOperation.Mov, OperandSource.Constant);

    static bool CrossJump(List<MirItem> items, ref int labels)
    {
        for (int k = 0; k < items.Count; k++)
        {
            if (items[k].Target is not { } target) continue;
            var jump = items[k].UncheckedInstruction;
            if (!IsGoto(jump)) continue;
            int t = IndexOfMark(items, target);
            int p = t - 1;
            if (p < 0 || items[p].Instruction is not { } fall || MirOperands.EndsFlow(fall)) continue;
            int common = 0;
            while (k - 1 - common >= 0 && p - common >= 0 && p - common != k
                   && items[k - 1 - common].Instruction is { } a && items[p - common].Instruction is { } b
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

    // Loops rather than lambdas: a lambda capturing a variable of the loop body that calls these costs an object for
    // every item the loop visits, whether or not it gets this far.
    static int JumpsTo(List<MirItem> items, MirLabel label)
    {
        int jumps = 0;
        foreach (ref readonly var item in CollectionsMarshal.AsSpan(items))
            if (item.Target == label) jumps++;
        return jumps;
    }

    static int IndexOfMark(List<MirItem> items, MirLabel label)
    {
        for (int k = 0; k < items.Count; k++)
            if (items[k].Mark is { } m && m.Label == label) return k;
        return -1;
    }

    static bool ThreadJumps(List<MirItem> items)
    {
        if (!items.Exists(i => i.IsMark)) return false;
        // label -> the label a goto right after it leads to
        var forward = new Dictionary<MirLabel, MirLabel>();
        for (int k = 0; k < items.Count; k++)
        {
            if (items[k].Mark is not { } mark) continue;
            int j = k + 1;
            while (j < items.Count && items[j].IsMark) j++;
            if (j < items.Count && items[j].Instruction is { Target: { } next } g && IsGoto(g) && next != mark.Label) forward[mark.Label] = next;
        }
        bool changed = false;
        for (int k = 0; k < items.Count; k++)
        {
            if (items[k].Target is not { } t) continue;
            var i = items[k].UncheckedInstruction;
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
            if (items[k].IsMark || !MirOperands.EndsFlow(items[k].UncheckedInstruction)) continue;
            while (k + 1 < items.Count && !items[k + 1].IsMark) { items.RemoveAt(k + 1); changed = true; }
        }
        return changed;
    }

    static bool DropJumpsToNext(List<MirItem> items)
    {
        bool changed = false;
        for (int k = items.Count - 1; k >= 0; k--)
        {
            // a conditional jump there does nothing either way
            if (items[k].Target is not { } t || !items[k].UncheckedInstruction.Opcode.IsJump) continue;
            for (int j = k + 1; j < items.Count && items[j].Mark is { } m; j++)
                if (m.Label == t) { items.RemoveAt(k); changed = true; break; }
        }
        return changed;
    }

    static bool DropUnusedLabels(List<MirItem> items)
    {
        if (!items.Exists(i => i.IsMark)) return false;
        var used = new HashSet<MirLabel>();
        foreach (ref readonly var item in CollectionsMarshal.AsSpan(items)) if (item.Target is { } t) used.Add(t);
        return items.RemoveAll(i => i.Mark is { } m && !used.Contains(m.Label)) > 0;
    }
}

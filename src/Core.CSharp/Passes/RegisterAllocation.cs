using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Mir;

namespace EbpfCat.Passes;

/// <summary>Pass: assigns every virtual register one of r0–r9, spilling to 8-byte stack slots when
/// more values are live than registers exist.</summary>
/// <remarks>
/// Graph colouring in the style of Chaitin and Briggs: liveness over the control-flow graph, an
/// interference graph in which physical registers are precoloured and every value live across a
/// call interferes with r0–r5 (so it lands in the callee-saved r6–r9 or on the stack), conservative
/// coalescing of moves (Briggs' test), optimistic colouring and, for what stays uncoloured, spill
/// code (store after each definition, load before each use) followed by another round.
/// r10 is never allocated: it is the read-only frame pointer.
/// </remarks>
/// <example><code>MirFunction physical = RegisterAllocation.Allocate(mir);</code></example>
public static class RegisterAllocation
{
    const int Colors = 10; // r0..r9
    const int MaxRounds = 32;

    /// <summary>The function with physical registers only; moves made redundant by coalescing are removed.</summary>
    /// <exception cref="InvalidOperationException">The program needs more than 512 bytes of stack for its spills.</exception>
    public static MirFunction Allocate(MirFunction function)
    {
        // Registers made by spilling live for one instruction; spilling them again would only make new ones.
        var temporaries = new HashSet<int>();
        for (int round = 0; round < MaxRounds; round++)
        {
            // the round's graph and colouring live in borrowed arrays, given back when the round ends
            using var scratch = ScratchArrays.Open();
            var graph = InterferenceGraph.Build(function, scratch);
            var (assignment, spilled) = Color(graph, temporaries, scratch);
            if (spilled.Count == 0) return Rewrite(function, assignment);
            int before = function.RegisterCount;
            function = Spill(function, spilled);
            for (int r = before; r < function.RegisterCount; r++) temporaries.Add(r);
        }
        throw new InvalidOperationException("register allocation did not converge");
    }

    // ---------------------------------------------------------------- colouring

    static (int[] Assignment, List<int> Spilled) Color(InterferenceGraph g, HashSet<int> temporaries, ScratchArrays scratch)
    {
        int Find(int n) => g.Find(n);

        // Conservative coalescing (Briggs): merge move-related nodes when the merged node has fewer
        // than K neighbours of significant degree, so colourability is never hurt.
        bool merged = !g.Moves.IsEmpty; // without moves there is nothing to coalesce, nor significance to count
        if (merged) g.TrackSignificance(Colors);
        while (merged)
        {
            merged = false;
            foreach (var (a0, b0) in g.Moves)
            {
                int a = Find(a0), b = Find(b0);
                if (a == b || g.Interferes(a, b)) continue;
                if (IsPhysical(a) && IsPhysical(b)) continue;
                if (IsPhysical(b)) (a, b) = (b, a); // keep the physical register as the representative
                if (a == 10 || b == 10) continue;
                if (g.SignificantNeighboursOfUnion(a, b) >= Colors) continue;
                g.Merge(b, a);
                merged = true;
            }
        }

        // Simplify: remove nodes of low degree first, the first in node order among them; when none is left, pick a
        // spill candidate optimistically (Briggs) and hope it still finds a colour. Nodes are numbered by their
        // place in that order, and those of low degree wait in a heap by that number, so each pick is logarithmic.
        var nodes = g.Nodes;
        var order = scratch.Rent(nodes.Length, 0);
        int virtuals = 0;
        foreach (var n in nodes) if (!IsPhysical(n)) order[virtuals++] = n;
        var place = scratch.Rent(g.Registers, -1);
        for (int p = 0; p < virtuals; p++) place[order[p]] = p;
        var degree = scratch.Rent(virtuals, 0);
        var removed = scratch.Rent(virtuals, false);
        var lowDegree = new MinHeap(virtuals, scratch); // a node joins once: when it starts or falls below Colors
        for (int p = 0; p < virtuals; p++)
        {
            degree[p] = g.Neighbours(order[p]).Length;
            if (degree[p] < Colors) lowDegree.Push(p);
        }
        // A spill candidate's weight: never a register made by spilling, else the fewest uses per neighbour.
        var uses = scratch.Rent(virtuals, 0);
        var temporary = scratch.Rent(virtuals, false);
        for (int p = 0; p < virtuals; p++)
        {
            uses[p] = g.UseCount(order[p]);
            foreach (var m in g.Members(order[p])) temporary[p] |= temporaries.Contains(m);
        }
        var stack = scratch.Rent(virtuals, 0); // the nodes in the order removed, to be coloured in reverse
        for (int left = virtuals; left > 0; left--)
        {
            int pick = -1;
            while (lowDegree.TryPop(out var p)) if (!removed[p]) { pick = p; break; }
            if (pick < 0)
            {
                double best = 0;
                for (int p = 0; p < virtuals; p++)
                {
                    if (removed[p]) continue;
                    double weight = temporary[p] ? double.NegativeInfinity : (double)degree[p] / (1 + uses[p]);
                    if (pick < 0 || weight > best) (pick, best) = (p, weight);
                }
            }
            removed[pick] = true;
            stack[virtuals - left] = order[pick];
            foreach (var m in g.Neighbours(order[pick]))
                if (place[m] is var q and >= 0 && !removed[q] && --degree[q] == Colors - 1) lowDegree.Push(q);
        }

        var color = scratch.Rent(g.Registers, -1); // -1: none yet
        for (int p = 0; p <= 10; p++) color[p] = p;
        var spilled = new List<int>();
        for (int k = virtuals - 1; k >= 0; k--)
        {
            var n = stack[k];
            int taken = 0; // bit c: a neighbour has colour c (r0–r10)
            foreach (var m in g.Neighbours(n)) if (color[m] is var c and >= 0) taken |= 1 << c;
            int chosen = PreferredColor(g, n, taken, color);
            if (chosen < 0) spilled.Add(n);
            else color[n] = chosen;
        }
        if (spilled.Count > 0)
        {
            var members = new List<int>();
            foreach (var n in spilled) foreach (var m in g.Members(n)) members.Add(m);
            return ([], members);
        }

        var assignment = scratch.Rent(g.Registers, -1);
        foreach (var n in g.AllRegisters) assignment[n] = color[Find(n)];
        return (assignment, spilled);
    }

    /// <summary>A free colour (not a bit of <paramref name="taken"/>), preferring one a move partner already has (so the
    /// move disappears), then the caller-saved registers r1–r5 and r0, keeping r6–r9 for values that live across calls.</summary>
    static int PreferredColor(InterferenceGraph g, int node, int taken, int[] color)
    {
        foreach (var partner in g.MovePartners(node))
            if (color[partner] is var c and >= 0 && c < Colors && (taken & (1 << c)) == 0) return c;
        foreach (var c in (ReadOnlySpan<int>)[1, 2, 3, 4, 5, 0, 6, 7, 8, 9])
            if ((taken & (1 << c)) == 0) return c;
        return -1;
    }

    static bool IsPhysical(int n) => n < VirtualRegister.FirstVirtual;

    // ---------------------------------------------------------------- rewriting

    static MirFunction Rewrite(MirFunction function, int[] assignment)
    {
        VirtualRegister Map(VirtualRegister r) => r.IsPhysical || r.Number >= assignment.Length || assignment[r.Number] < 0 ? r : new VirtualRegister(assignment[r.Number]);
        var items = MirItems.Working();
        foreach (ref readonly var item in function.Items)
        {
            if (item.IsMark) { items.Add(item); continue; }
            ref readonly var i = ref item.UncheckedInstruction;
            var (dst, src) = (Map(i.Dst), Map(i.Src));
            if (MirOperands.IsMove(i) && dst == src) continue;
            items.Add(i with { Dst = dst, Src = src });
        }
        return function with { Items = MirItems.Finish(items), RegisterCount = VirtualRegister.FirstVirtual };
    }

    static MirFunction Spill(MirFunction function, List<int> spilled)
    {
        int stack = function.StackBytes;
        var slots = new Dictionary<int, short>();
        foreach (var n in spilled)
        {
            stack += 8;
            if (stack > 512) throw new InvalidOperationException("the program needs more than 512 bytes of stack to hold its values; simplify the computation");
            slots[n] = (short)-stack;
        }
        int next = function.RegisterCount;
        var r10 = VirtualRegister.Of(Register.R10);
        var items = MirItems.Working();
        foreach (var item in function.Items)
        {
            if (item.Instruction is not { } i) { items.Add(item); continue; }
            var uses = MirOperands.Uses(i).Where(r => slots.ContainsKey(r.Number)).Distinct().ToList();
            var defs = MirOperands.Defs(i).Where(r => slots.ContainsKey(r.Number)).Distinct().ToList();
            // Each use and definition gets a fresh, short-lived register: that is what makes spilling converge.
            var fresh = uses.Concat(defs).Distinct().ToDictionary(r => r, _ => new VirtualRegister(next++));
            foreach (var u in uses)
                items.Add(new MirInstruction(Opcode.Memory(InstructionClass.Ldx, AccessSize.DoubleWord, AccessMode.Memory), fresh[u], r10, slots[u.Number], 0, i.Location));
            VirtualRegister Map(VirtualRegister r) => fresh.TryGetValue(r, out var f) ? f : r;
            items.Add(i with { Dst = Map(i.Dst), Src = Map(i.Src) });
            foreach (var d in defs)
                items.Add(new MirInstruction(Opcode.Memory(InstructionClass.Stx, AccessSize.DoubleWord, AccessMode.Memory), r10, fresh[d], slots[d.Number], 0, i.Location));
        }
        return function with { Items = MirItems.Finish(items), StackBytes = stack, RegisterCount = next };
    }
}

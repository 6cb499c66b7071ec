using EbpfCat.Mir;

namespace EbpfCat.Passes;

/// <summary>Which registers of a MIR function are live at the same time and so cannot share a
/// physical register; built from liveness over the control-flow graph.</summary>
internal sealed class InterferenceGraph
{
    // Everything about a register is kept in arrays indexed by its number (physical registers are 0–10, virtual ones
    // follow), which costs a small function a few arrays where dictionaries cost it most of its compile time.
    readonly NeighbourSet[] adjacency; // values, not one object per node: 200,000 nodes were as many objects for the collector to trace
    // The members of each node, as a linked list (first, last, next) so that merging concatenates in constant time.
    readonly (int First, int Last)[] members;
    readonly int[] nextMember;
    // Each node's place in the order nodes were added; a merged node takes the place of the node it was merged into.
    readonly int[] place;
    int added;
    readonly int[] uses;
    readonly int[] alias; // the node a merged register was merged into, or -1
    readonly bool[] mentioned;

    // For each register r, the indices into Moves of the moves it takes part in, ascending, at
    // moveIndices[moveStart[r] .. moveStart[r + 1]) (so partners are found without scanning every move).
    int[] moveStart = [], moveIndices = [];

    readonly ScratchArrays scratch;

    InterferenceGraph(int registers, ScratchArrays scratch)
    {
        this.scratch = scratch;
        Registers = registers;
        allRegisters = scratch.Rent(registers, 0);
        adjacency = scratch.Rent<NeighbourSet>(registers, default);
        members = scratch.Rent<(int, int)>(registers, default);
        nextMember = scratch.Rent(registers, 0);
        place = scratch.Rent(registers, 0);
        uses = scratch.Rent(registers, 0);
        alias = scratch.Rent(registers, -1);
        mentioned = scratch.Rent(registers, false);
        significantNeighbours = scratch.Rent(registers, 0);
    }

    /// <summary>How many register numbers there are (every register is below it).</summary>
    public int Registers { get; }

    /// <summary>Register pairs joined by a plain move; coalescing tries to give them one register.</summary>
    public ReadOnlySpan<(int, int)> Moves => moves.AsSpan(0, moveCount);
    (int, int)[] moves = [];
    int moveCount;

    /// <summary>Records the moves of <paramref name="code"/>, and for each register the moves it takes part in.</summary>
    void AddMoves(ReadOnlySpan<MirInstruction> code)
    {
        foreach (var i in code) if (MirOperands.IsMove(i)) moveCount++;
        if (moveCount == 0) return; // no register has moves: MovesOf is empty for all
        moves = scratch.Rent<(int, int)>(moveCount, default);
        moveStart = scratch.Rent(Registers + 1, 0);
        moveCount = 0;
        foreach (var i in code)
        {
            if (!MirOperands.IsMove(i)) continue;
            var (a, b) = (i.Dst.Number, i.Src.Number);
            moves[moveCount++] = (a, b);
            moveStart[a + 1]++;
            if (b != a) moveStart[b + 1]++;
        }
        for (int r = 0; r < Registers; r++) moveStart[r + 1] += moveStart[r];
        moveIndices = scratch.Rent(moveStart[Registers], 0);
        var filled = scratch.Rent(Registers, 0);
        for (int m = 0; m < moveCount; m++)
        {
            var (a, b) = moves[m];
            moveIndices[moveStart[a] + filled[a]++] = m;
            if (b != a) moveIndices[moveStart[b] + filled[b]++] = m;
        }
    }

    ReadOnlySpan<int> MovesOf(int r) => moveCount == 0 ? [] : moveIndices.AsSpan(moveStart[r], moveStart[r + 1] - moveStart[r]);

    /// <summary>Every register mentioned, before any merging, in the order first mentioned.</summary>
    public ReadOnlySpan<int> AllRegisters => allRegisters.AsSpan(0, registerCount);
    readonly int[] allRegisters;
    int registerCount;

    /// <summary>The nodes still in the graph (merged nodes are represented by one of them), in the order they were
    /// added, a merged node at the place of the node it was merged into.</summary>
    public ReadOnlySpan<int> Nodes
    {
        get
        {
            // places are distinct and below the number of nodes ever added, so laying nodes out by place orders them
            var byPlace = scratch.Rent(added, -1);
            for (int n = 0; n < Registers; n++) if (adjacency[n].Present) byPlace[place[n]] = n;
            var nodes = scratch.Rent(added, 0);
            int count = 0;
            for (int p = 0; p < added; p++) if (byPlace[p] >= 0) nodes[count++] = byPlace[p];
            return nodes.AsSpan(0, count);
        }
    }

    public ReadOnlySpan<int> Neighbours(int n) => adjacency[n].Items;

    public bool Interferes(int a, int b) => adjacency[a].Contains(b);

    public int UseCount(int n)
    {
        int count = 0;
        foreach (var m in Members(n)) count += uses[m];
        return count;
    }

    /// <summary>The registers merged into node <paramref name="n"/>: the node merged into first, then the ones merged into it, in merge order.</summary>
    public MemberWalk Members(int n) => new(members[n], nextMember);

    /// <summary>A walk along one node's list of members that allocates nothing (what <c>foreach</c> uses).</summary>
    public struct MemberWalk((int First, int Last) range, int[] next)
    {
        int current = -1;

        public readonly MemberWalk GetEnumerator() => this;

        public readonly int Current => current;

        public bool MoveNext()
        {
            if (current < 0) { current = range.First; return true; }
            if (current == range.Last) return false;
            current = next[current];
            return true;
        }
    }

    public int Find(int n)
    {
        int root = n;
        while (alias[root] >= 0) root = alias[root];
        // Path compression: chains of merges in long straight-line code would otherwise make every Find linear.
        while (n != root && alias[n] is var next and >= 0) { alias[n] = root; n = next; }
        return root;
    }

    // MovePartners' working arrays, reused (colouring asks once per node) and grown from the scratch arrays: a variable
    // assigned in every statement of a long program takes part in thousands of moves.
    int[] partnerMoves = [], partners = [];

    /// <summary>The nodes joined to <paramref name="n"/> by a move, in the order of <see cref="Moves"/> (once per move);
    /// valid until the next call.</summary>
    public ReadOnlySpan<int> MovePartners(int n)
    {
        int total = 0;
        foreach (var m in Members(n)) total += MovesOf(m).Length;
        if (total > Math.Min(partnerMoves.Length, partners.Length)) (partnerMoves, partners) = (scratch.Rent(total, 0), scratch.Rent(total, 0));
        total = 0;
        foreach (var m in Members(n))
        {
            MovesOf(m).CopyTo(partnerMoves.AsSpan(total));
            total += MovesOf(m).Length;
        }
        var moveList = partnerMoves.AsSpan(0, total);
        moveList.Sort();
        int previous = -1, count = 0;
        foreach (var i in moveList)
        {
            if (i == previous) continue; // both ends of one move are members of n
            previous = i;
            var (a, b) = moves[i];
            int fa = Find(a), fb = Find(b);
            if (fa == n && fb != n) partners[count++] = fb;
            else if (fb == n && fa != n) partners[count++] = fa;
        }
        return partners.AsSpan(0, count);
    }

    // Coalescing's test asks how many significant neighbours (physical, or of degree at least K) two nodes have
    // together; each node's count is kept up to date through merges, so the test costs the smaller node's degree
    // instead of building the union (which made coalescing quadratic around a node with many neighbours).
    int colors = int.MaxValue;
    readonly int[] significantNeighbours;

    bool Significant(int n) => IsPhysicalNode(n) || adjacency[n].Count >= colors;

    /// <summary>Starts counting significant neighbours for <see cref="SignificantNeighboursOfUnion"/>, with <paramref name="k"/> colours.</summary>
    public void TrackSignificance(int k)
    {
        colors = k;
        for (int n = 0; n < Registers; n++)
        {
            if (!adjacency[n].Present) continue;
            int count = 0;
            foreach (var m in adjacency[n].Items) if (Significant(m)) count++;
            significantNeighbours[n] = count;
        }
    }

    /// <summary>The number of significant nodes among the neighbours of <paramref name="a"/> and of <paramref name="b"/> together
    /// (Briggs' test), for two nodes that do not interfere.</summary>
    public int SignificantNeighboursOfUnion(int a, int b)
    {
        var (small, large) = adjacency[a].Count <= adjacency[b].Count ? (a, b) : (b, a);
        ref var largeNeighbours = ref adjacency[large];
        int count = significantNeighbours[large];
        foreach (var n in adjacency[small].Items) if (!largeNeighbours.Contains(n) && Significant(n)) count++;
        return count;
    }

    /// <summary>Merges node <paramref name="from"/> into <paramref name="into"/> (coalescing): the merged node has
    /// <paramref name="into"/>'s place in <see cref="Nodes"/> and its members first.</summary>
    /// <remarks>The node with fewer neighbours is the one renamed in its neighbours' sets, so merging a long run of
    /// moves into one node costs the small ends only; which of the two names the merged node keeps is not
    /// observable except that a physical register always keeps its own.</remarks>
    public void Merge(int from, int into)
    {
        var (order, first) = (place[into], members[into]);
        var second = members[from];
        if (!IsPhysicalNode(into) && (IsPhysicalNode(from) || adjacency[from].Count > adjacency[into].Count)) (from, into) = (into, from);
        Rename(from, into);
        place[into] = order;
        nextMember[first.Last] = second.First;
        members[into] = (first.First, second.Last);
    }

    static bool IsPhysicalNode(int n) => n < VirtualRegister.FirstVirtual;

    readonly Dictionary<int, bool> significanceBefore = []; // Rename's, reused

    void Rename(int from, int into)
    {
        ref var fromNeighbours = ref adjacency[from];
        ref var intoNeighbours = ref adjacency[into];
        // Significance before the merge of every node whose degree it may change.
        Dictionary<int, bool>? before = null;
        if (colors != int.MaxValue)
        {
            before = significanceBefore;
            before.Clear();
            before[into] = Significant(into);
            bool fromSignificant = Significant(from);
            foreach (var n in fromNeighbours.Items)
            {
                before.TryAdd(n, Significant(n));
                if (fromSignificant) significantNeighbours[n]--;
            }
        }
        foreach (var n in fromNeighbours.Items)
        {
            ref var neighbours = ref adjacency[n];
            neighbours.Remove(from);
            if (n == into || !neighbours.Add(into, scratch)) continue;
            intoNeighbours.Add(n, scratch);
            if (before is null) continue;
            if (before[into]) significantNeighbours[n]++;
            if (before[n]) significantNeighbours[into]++;
        }
        adjacency[from] = default;
        alias[from] = into;
        if (before is null) return;
        foreach (var (n, was) in before)
        {
            if (Significant(n) == was) continue;
            int change = was ? -1 : 1;
            foreach (var m in adjacency[n].Items) significantNeighbours[m] += change;
        }
    }

    void AddNode(int n)
    {
        if (n == 10) return; // the frame pointer is never allocated and never interferes
        if (!mentioned[n]) { mentioned[n] = true; allRegisters[registerCount++] = n; }
        if (adjacency[n].Present) return;
        adjacency[n] = NeighbourSet.Empty;
        members[n] = (n, n);
        place[n] = added++;
    }

    void AddEdge(int a, int b)
    {
        if (a == b || a == 10 || b == 10) return;
        if (a < VirtualRegister.FirstVirtual && b < VirtualRegister.FirstVirtual) return; // physical registers differ anyway
        AddNode(a);
        AddNode(b);
        adjacency[a].Add(b, scratch);
        adjacency[b].Add(a, scratch);
    }

    /// <summary>Liveness and interference of <paramref name="function"/>, in arrays borrowed from <paramref name="scratch"/>
    /// (the graph is usable until it is disposed).</summary>
    /// <remarks>Liveness is solved over basic blocks (bit sets, one per block) and then walked backwards through
    /// each block with a sparse set of the live registers, so the cost grows with the program's size and the
    /// number of values live at once, not with instructions times registers.</remarks>
    public static InterferenceGraph Build(MirFunction function, ScratchArrays scratch)
    {
        var items = function.Items;
        int count = 0, registers = function.RegisterBound();
        foreach (ref readonly var item in items) if (!item.IsMark) count++;
        var g = new InterferenceGraph(registers, scratch);
        var code = scratch.Rent<MirInstruction>(count, default);
        Dictionary<MirLabel, int>? labelAt = null; // made at the first label: a short program often has none
        var startsBlock = scratch.Rent(count + 1, false);
        int index = 0;
        foreach (ref readonly var item in items)
        {
            if (item.Mark is { } mark) { (labelAt ??= [])[mark.Label] = index; startsBlock[index] = true; }
            else code[index++] = item.UncheckedInstruction;
        }

        // Dense numbering of registers for bit sets, in order of first mention (definitions before uses of each
        // instruction): the graph's node order, which colouring's choices follow. Every instruction's operands, by
        // their dense numbers, lie in one flat array, its definitions in [first[i], firstUse[i]) and its uses in
        // [firstUse[i], first[i + 1]): a long program's liveness then costs a few arrays, not a few per instruction.
        var dense = scratch.Rent(registers, -1);
        var numbers = scratch.Rent(registers, 0);
        int numberCount = 0;
        var first = scratch.Rent(count + 1, 0);
        var firstUse = scratch.Rent(count, 0);
        // most instructions have two operands; the array grows when they have more (asking each instruction for its
        // operands twice, once to count them, was a good part of building a short program's graph)
        var operands = scratch.Rent(2 * count + 2 * RegisterList.Capacity, 0);
        int Dense(in RegisterList registers, int at)
        {
            foreach (var r in registers)
            {
                ref int d = ref dense[r.Number];
                if (d < 0) { d = numberCount; numbers[numberCount++] = r.Number; }
                operands[at++] = d;
                g.uses[r.Number]++;
            }
            return at;
        }
        startsBlock[0] = true;
        int operandCount = 0;
        for (int i = 0; i < count; i++)
        {
            ref readonly var ins = ref code[i];
            if (operandCount + 2 * RegisterList.Capacity > operands.Length)
            {
                var larger = scratch.Rent(2 * operands.Length, 0);
                operands.AsSpan(0, operandCount).CopyTo(larger);
                operands = larger;
            }
            first[i] = operandCount;
            operandCount = firstUse[i] = Dense(MirOperands.Defs(ins), operandCount);
            operandCount = Dense(MirOperands.Uses(ins), operandCount);
            if (ins.Target is not null || MirOperands.EndsFlow(ins)) startsBlock[i + 1] = true;
        }
        first[count] = operandCount;
        ReadOnlySpan<int> Defs(int i) => operands.AsSpan(first[i], firstUse[i] - first[i]);
        ReadOnlySpan<int> Uses(int i) => operands.AsSpan(firstUse[i], first[i + 1] - firstUse[i]);

        // Basic blocks: [start[b], start[b + 1]).
        var blockOf = scratch.Rent(count, 0);
        var start = new List<int>();
        for (int i = 0; i < count; i++)
        {
            if (startsBlock[i]) start.Add(i);
            blockOf[i] = start.Count - 1;
        }
        int blocks = start.Count;
        start.Add(count);
        // Each block's sets are its stretch of words in one flat array per kind.
        int words = (numberCount + 63) / 64;
        var gen = scratch.Rent(blocks * words, 0UL);
        var kill = scratch.Rent(blocks * words, 0UL);
        var liveIn = scratch.Rent(blocks * words, 0UL);
        var liveOut = scratch.Rent(blocks * words, 0UL);
        Span<ulong> Set(ulong[] sets, int b) => sets.AsSpan(b * words, words);
        for (int b = 0; b < blocks; b++)
        {
            Span<ulong> gb = Set(gen, b), kb = Set(kill, b);
            for (int i = start[b + 1] - 1; i >= start[b]; i--)
            {
                foreach (var d in Defs(i)) { gb[d >> 6] &= ~(1UL << d); kb[d >> 6] |= 1UL << d; }
                foreach (var u in Uses(i)) gb[u >> 6] |= 1UL << u;
            }
        }
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int b = blocks - 1; b >= 0; b--)
            {
                var output = Set(liveOut, b);
                // the successors of the block's last instruction: the next one unless it ends the flow, and its
                // target unless that is a label after the last instruction, which ends the program (nothing is live there)
                int last = start[b + 1] - 1;
                var end = code[last];
                if (!MirOperands.EndsFlow(end) && last + 1 < count) Include(output, Set(liveIn, blockOf[last + 1]));
                if (end.Target is { } t && labelAt![t] < count) Include(output, Set(liveIn, blockOf[labelAt[t]]));
                Span<ulong> into = Set(liveIn, b), gb = Set(gen, b), kb = Set(kill, b);
                for (int w = 0; w < words; w++)
                {
                    ulong value = gb[w] | (output[w] & ~kb[w]);
                    if (value != into[w]) { into[w] = value; changed = true; }
                }
            }
        }

        foreach (var n in numbers.AsSpan(0, numberCount)) g.AddNode(n);
        g.AddMoves(code.AsSpan(0, count));
        var live = new SparseSet(numberCount, scratch);
        for (int b = 0; b < blocks; b++)
        {
            live.Load(Set(liveOut, b));
            for (int i = start[b + 1] - 1; i >= start[b]; i--)
            {
                // live holds what is live after instruction i
                var ins = code[i];
                int source = MirOperands.IsMove(ins) ? ins.Src.Number : -1;
                foreach (var d in Defs(i))
                    foreach (var l in live.Members)
                        if (numbers[l] != source) g.AddEdge(numbers[d], numbers[l]);
                if (MirOperands.Clobbers(ins))
                    foreach (var l in live.Members)
                        foreach (var clobbered in MirOperands.CallerSaved)
                            g.AddEdge(numbers[l], (int)clobbered);
                foreach (var d in Defs(i)) live.Remove(d);
                foreach (var u in Uses(i)) live.Add(u);
            }
        }
        return g;
    }

    static void Include(Span<ulong> into, ReadOnlySpan<ulong> set)
    {
        for (int w = 0; w < into.Length; w++) into[w] |= set[w];
    }

    /// <summary>A set of small integers with constant-time add and remove and iteration over its members only.</summary>
    sealed class SparseSet(int universe, ScratchArrays scratch)
    {
        readonly int[] members = scratch.Rent(universe, 0);
        readonly int[] position = scratch.Rent(universe, 0);
        int count;

        public ReadOnlySpan<int> Members => members.AsSpan(0, count);

        bool Contains(int n) => position[n] < count && members[position[n]] == n;

        public void Add(int n)
        {
            if (Contains(n)) return;
            position[n] = count;
            members[count++] = n;
        }

        public void Remove(int n)
        {
            if (!Contains(n)) return;
            int last = members[--count];
            members[position[n]] = last;
            position[last] = position[n];
        }

        public void Load(ReadOnlySpan<ulong> set)
        {
            count = 0;
            for (int w = 0; w < set.Length; w++)
                for (ulong bits = set[w]; bits != 0; bits &= bits - 1)
                    Add((w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits));
        }
    }
}

using EbpfCat.Mir;

namespace EbpfCat.Passes;

/// <summary>Which registers of a MIR function are live at the same time and so cannot share a
/// physical register; built from liveness over the control-flow graph.</summary>
internal sealed class InterferenceGraph
{
    readonly Dictionary<int, HashSet<int>> adjacency = [];
    readonly Dictionary<int, List<int>> members = [];
    readonly Dictionary<int, int> uses = [];
    readonly Dictionary<int, int> alias = [];

    // For each register, the indices into Moves of the moves it takes part in (so partners are found without scanning every move).
    readonly Dictionary<int, List<int>> movesOf = [];

    /// <summary>Register pairs joined by a plain move; coalescing tries to give them one register.</summary>
    public List<(int, int)> Moves { get; } = [];

    void AddMove(int a, int b)
    {
        foreach (var r in a == b ? [a] : (ReadOnlySpan<int>)[a, b])
        {
            if (!movesOf.TryGetValue(r, out var list)) movesOf[r] = list = [];
            list.Add(Moves.Count);
        }
        Moves.Add((a, b));
    }

    /// <summary>Every register mentioned, before any merging.</summary>
    public HashSet<int> AllRegisters { get; } = [];

    /// <summary>The nodes still in the graph (merged nodes are represented by one of them).</summary>
    public IEnumerable<int> Nodes => adjacency.Keys;

    public IReadOnlyCollection<int> Neighbours(int n) => adjacency.TryGetValue(n, out var s) ? s : [];

    public bool Interferes(int a, int b) => adjacency.TryGetValue(a, out var s) && s.Contains(b);

    public int UseCount(int n) => members[n].Sum(m => uses.GetValueOrDefault(m));

    public IEnumerable<int> Members(int n) => members[n];

    public int Find(int n)
    {
        int root = n;
        while (alias.TryGetValue(root, out var a)) root = a;
        // Path compression: chains of merges in long straight-line code would otherwise make every Find linear.
        while (n != root && alias.TryGetValue(n, out var next)) { alias[n] = root; n = next; }
        return root;
    }

    /// <summary>The nodes joined to <paramref name="n"/> by a move, in the order of <see cref="Moves"/> (once per move).</summary>
    public IEnumerable<int> MovePartners(int n)
    {
        var indices = new List<int>();
        foreach (var m in Members(n))
            if (movesOf.TryGetValue(m, out var list)) indices.AddRange(list);
        indices.Sort();
        int previous = -1;
        foreach (var i in indices)
        {
            if (i == previous) continue; // both ends of one move are members of n
            previous = i;
            var (a, b) = Moves[i];
            int fa = Find(a), fb = Find(b);
            if (fa == n && fb != n) yield return fb;
            else if (fb == n && fa != n) yield return fa;
        }
    }

    /// <summary>Merges node <paramref name="from"/> into <paramref name="into"/> (coalescing).</summary>
    public void Merge(int from, int into)
    {
        foreach (var n in adjacency[from])
        {
            adjacency[n].Remove(from);
            if (n != into) { adjacency[n].Add(into); adjacency[into].Add(n); }
        }
        adjacency.Remove(from);
        members[into].AddRange(members[from]);
        members.Remove(from);
        alias[from] = into;
    }

    void AddNode(int n)
    {
        if (n == 10) return; // the frame pointer is never allocated and never interferes
        AllRegisters.Add(n);
        if (adjacency.ContainsKey(n)) return;
        adjacency[n] = [];
        members[n] = [n];
    }

    void AddEdge(int a, int b)
    {
        if (a == b || a == 10 || b == 10) return;
        if (a < VirtualRegister.FirstVirtual && b < VirtualRegister.FirstVirtual) return; // physical registers differ anyway
        AddNode(a);
        AddNode(b);
        adjacency[a].Add(b);
        adjacency[b].Add(a);
    }

    /// <summary>Liveness and interference of <paramref name="function"/>.</summary>
    public static InterferenceGraph Build(MirFunction function)
    {
        var g = new InterferenceGraph();
        var code = function.Items.OfType<MirInstruction>().ToArray();
        var labelAt = new Dictionary<MirLabel, int>();
        int index = 0;
        foreach (var item in function.Items)
        {
            if (item is MirLabelMark mark) labelAt[mark.Label] = index;
            else index++;
        }

        // Dense numbering of registers for bit sets.
        var dense = new Dictionary<int, int>();
        var numbers = new List<int>();
        int Dense(VirtualRegister r)
        {
            if (!dense.TryGetValue(r.Number, out var d)) { d = dense[r.Number] = numbers.Count; numbers.Add(r.Number); }
            return d;
        }
        var defs = new int[code.Length][];
        var usesOf = new int[code.Length][];
        var successors = new int[code.Length][];
        for (int i = 0; i < code.Length; i++)
        {
            var ins = code[i];
            defs[i] = [.. MirOperands.Defs(ins).Select(Dense)];
            usesOf[i] = [.. MirOperands.Uses(ins).Select(Dense)];
            foreach (var r in MirOperands.Defs(ins).Concat(MirOperands.Uses(ins))) g.uses[r.Number] = g.uses.GetValueOrDefault(r.Number) + 1;
            var next = new List<int>(2);
            if (!MirOperands.EndsFlow(ins) && i + 1 < code.Length) next.Add(i + 1);
            // a label after the last instruction ends the program: nothing is live there
            if (ins.Target is { } t && labelAt[t] < code.Length) next.Add(labelAt[t]);
            successors[i] = [.. next];
        }

        int words = (numbers.Count + 63) / 64;
        var liveIn = new ulong[code.Length][];
        var liveOut = new ulong[code.Length][];
        for (int i = 0; i < code.Length; i++) { liveIn[i] = new ulong[words]; liveOut[i] = new ulong[words]; }
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = code.Length - 1; i >= 0; i--)
            {
                var output = liveOut[i];
                foreach (var s in successors[i])
                    for (int w = 0; w < words; w++) output[w] |= liveIn[s][w];
                var input = new ulong[words];
                Array.Copy(output, input, words);
                foreach (var d in defs[i]) input[d >> 6] &= ~(1UL << d);
                foreach (var u in usesOf[i]) input[u >> 6] |= 1UL << u;
                if (!input.AsSpan().SequenceEqual(liveIn[i])) { liveIn[i] = input; changed = true; }
            }
        }

        foreach (var n in numbers) g.AddNode(n);
        for (int i = 0; i < code.Length; i++)
        {
            var ins = code[i];
            bool isMove = MirOperands.IsMove(ins);
            if (isMove) g.AddMove(ins.Dst.Number, ins.Src.Number);
            var live = Members(liveOut[i], numbers);
            foreach (var d in defs[i])
                foreach (var l in live)
                    if (!(isMove && l == ins.Src.Number)) g.AddEdge(numbers[d], l);
            if (MirOperands.Clobbers(ins))
                foreach (var l in live)
                    foreach (var clobbered in MirOperands.CallerSaved)
                        g.AddEdge(l, (int)clobbered);
        }
        return g;
    }

    static List<int> Members(ulong[] set, List<int> numbers)
    {
        var result = new List<int>();
        for (int w = 0; w < set.Length; w++)
            for (ulong bits = set[w]; bits != 0; bits &= bits - 1)
                result.Add(numbers[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits)]);
        return result;
    }
}

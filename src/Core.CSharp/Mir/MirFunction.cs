namespace EbpfCat.Mir;

/// <summary>A whole program in MIR: the instruction list with labels, and the stack bytes already
/// used below r10 (register allocation puts its spill slots further down).</summary>
public sealed record MirFunction(MirItemList Items, int StackBytes, int RegisterCount)
{
    /// <summary>A bound on the register numbers of the function: above every register its instructions name, and at least
    /// <see cref="RegisterCount"/> and <see cref="VirtualRegister.FirstVirtual"/> (arrays by register number take this length).</summary>
    internal int RegisterBound()
    {
        int bound = Math.Max(RegisterCount, VirtualRegister.FirstVirtual);
        foreach (var item in Items)
            if (item is MirInstruction i) bound = Math.Max(bound, Math.Max(i.Dst.Number, i.Src.Number) + 1);
        return bound;
    }

    /// <summary>One item per line, for dumps.</summary>
    public override string ToString() => string.Join('\n', Items.Select(i => i is MirLabelMark ? i.ToString() : "    " + i));
}

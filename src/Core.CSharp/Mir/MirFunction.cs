namespace EbpfCat.Mir;

/// <summary>A whole program in MIR: the instruction list with labels, and the stack bytes already
/// used below r10 (register allocation puts its spill slots further down).</summary>
public sealed record MirFunction(MirItemList Items, int StackBytes, int RegisterCount)
{
    /// <summary>One item per line, for dumps.</summary>
    public override string ToString() => string.Join('\n', Items.Select(i => i is MirLabelMark ? i.ToString() : "    " + i));
}

using EbpfCat.Ir;

namespace EbpfCat.Mir;

/// <summary>A whole program in MIR: the instruction list with labels, the stack bytes already used below r10 (register
/// allocation puts its spill slots further down), and the tables its instructions index: source locations and maps.</summary>
/// <example><code>var f = new MirFunction([new MirInstruction(Instruction.Exit().Opcode, default, default, 0, 0, MirFunction.UnknownLocation)], 0, 16);</code></example>
public sealed record MirFunction(MirItemList Items, int StackBytes, int RegisterCount)
{
    /// <summary>The index of <see cref="SourceLocation.Unknown"/>, first in every location table.</summary>
    public const int UnknownLocation = 0;

    static readonly IReadOnlyList<SourceLocation> UnknownOnly = [SourceLocation.Unknown];

    /// <summary>The source locations that <see cref="MirInstruction.Location"/> indexes; the first is <see cref="SourceLocation.Unknown"/>.</summary>
    public IReadOnlyList<SourceLocation> Locations { get; init; } = UnknownOnly;

    /// <summary>The maps that <see cref="MirInstruction.Map"/> indexes.</summary>
    public IReadOnlyList<MapDeclaration> Maps { get; init; } = [];

    /// <summary>The source location of <paramref name="i"/>.</summary>
    public SourceLocation LocationOf(in MirInstruction i) => Locations[i.Location];

    /// <summary>A bound on the register numbers of the function: above every register its instructions name, and at least
    /// <see cref="RegisterCount"/> and <see cref="VirtualRegister.FirstVirtual"/> (arrays by register number take this length).</summary>
    internal int RegisterBound()
    {
        int bound = Math.Max(RegisterCount, VirtualRegister.FirstVirtual);
        foreach (ref readonly var item in Items)
            if (!item.IsMark) bound = Math.Max(bound, Math.Max(item.UncheckedInstruction.Dst.Number, item.UncheckedInstruction.Src.Number) + 1);
        return bound;
    }

    /// <summary>One item per line, for dumps.</summary>
    public override string ToString() => string.Join('\n', Items.Select(i => i.IsMark ? i.ToString()
        : "    " + i + (i.UncheckedInstruction.Map is { } m ? $" ({Maps[m].Name})" : "")));
}

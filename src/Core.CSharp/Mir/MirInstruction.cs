using EbpfCat.Ir;
using EbpfCat.Isa;

namespace EbpfCat.Mir;

/// <summary>An item of a MIR function: an instruction or the position of a label.</summary>
public abstract record MirItem;

/// <summary>Marks where <see cref="Label"/> points.</summary>
public sealed record MirLabelMark(MirLabel Label) : MirItem
{
    /// <inheritdoc/>
    public override string ToString() => $"{Label}:";
}

/// <summary>An eBPF instruction over virtual registers: the fields of <see cref="Instruction"/>, a
/// label instead of a jump offset, a map instead of a map fd, and the user's source location.</summary>
/// <example><code>new MirInstruction(AluOperation.Add.Imm(0, 1).Opcode, v1, default, 0, 1, loc)</code></example>
public sealed record MirInstruction(Opcode Opcode, VirtualRegister Dst, VirtualRegister Src, short Offset, long Immediate, SourceLocation Location) : MirItem
{
    /// <summary>The jump target of a branch; null for every other instruction.</summary>
    public MirLabel? Target { get; init; }

    /// <summary>For a <c>lddw</c> of a map or map value: the map, whose fd the loader fills in.</summary>
    public MapDeclaration? Map { get; init; }

    /// <summary>For a <c>lddw</c>: what the kernel makes of the immediate (a map, a map value, a constant).</summary>
    public PseudoSource Pseudo { get; init; }

    /// <summary>For a helper call: how many argument registers (r1, r2, ...) it reads.</summary>
    public int Arguments { get; init; }

    /// <summary>The same instruction with physical registers, as emission needs it.</summary>
    public Instruction ToInstruction(short offset) => new(Opcode, Dst.IsPhysical ? Dst.Physical : 0,
        Opcode == Opcode.LoadImm64 ? (Register)Pseudo : Src.IsPhysical ? Src.Physical : 0, offset, Immediate);

    /// <inheritdoc/>
    public override string ToString()
    {
        var suffix = $"{(Target is null ? "" : $" -> {Target}")}{(Map is null ? "" : $" [{Map.Name}]")}";
        if (Dst.IsPhysical && Src.IsPhysical) return Disassembler.Format(ToInstruction(Offset)) + suffix;
        return $"{Opcode} {Dst}, {Src}, off {Offset}, imm {Immediate}{(Target is null ? "" : $" -> {Target}")}{(Map is null ? "" : $" [{Map.Name}]")}";
    }
}

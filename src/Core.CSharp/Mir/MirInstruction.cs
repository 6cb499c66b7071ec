using EbpfCat.Isa;

namespace EbpfCat.Mir;

/// <summary>An eBPF instruction over virtual registers: the fields of <see cref="Instruction"/>, a label instead of a
/// jump offset, and, as indices into its <see cref="MirFunction"/>'s tables, the map of a <c>lddw</c> and the user's
/// source location.</summary>
/// <remarks>A 32-byte value with no references, so that item arrays are opaque to the garbage collector (see
/// <see cref="MirItem"/>); the fields are ordered by size to leave no padding.</remarks>
/// <example><code>new MirInstruction(AluOperation.Add.Imm(0, 1).Opcode, v1, default, 0, 1, MirFunction.UnknownLocation)</code></example>
public readonly record struct MirInstruction
{
    readonly long immediate;
    readonly VirtualRegister dst, src;
    readonly int location;
    readonly int target; // label id + 1; 0 for none
    readonly short offset;
    readonly Opcode opcode;
    readonly PseudoSource pseudo;
    readonly short map; // map index + 1; 0 for none
    readonly byte arguments;
    readonly bool isMark;

    /// <summary>An instruction; <paramref name="location"/> indexes <see cref="MirFunction.Locations"/>.</summary>
    public MirInstruction(Opcode opcode, VirtualRegister dst, VirtualRegister src, short offset, long immediate, int location)
        => (this.opcode, this.dst, this.src, this.offset, this.immediate, this.location) = (opcode, dst, src, offset, immediate, location);

    /// <summary>The operation.</summary>
    public Opcode Opcode { get => opcode; init => opcode = value; }

    /// <summary>The destination register.</summary>
    public VirtualRegister Dst { get => dst; init => dst = value; }

    /// <summary>The source register.</summary>
    public VirtualRegister Src { get => src; init => src = value; }

    /// <summary>The offset field (a branch's is filled in by emission from <see cref="Target"/>).</summary>
    public short Offset { get => offset; init => offset = value; }

    /// <summary>The immediate.</summary>
    public long Immediate { get => immediate; init => immediate = value; }

    /// <summary>The user's source location: an index into <see cref="MirFunction.Locations"/>.</summary>
    public int Location { get => location; init => location = value; }

    /// <summary>The jump target of a branch; null for every other instruction.</summary>
    public MirLabel? Target { get => target == 0 ? null : new MirLabel(target - 1); init => target = value is { } l ? l.Id + 1 : 0; }

    /// <summary>For a <c>lddw</c> of a map or map value: the map, whose fd the loader fills in, as an index into
    /// <see cref="MirFunction.Maps"/>.</summary>
    public int? Map { get => map == 0 ? null : map - 1; init => map = value is { } m ? checked((short)(m + 1)) : (short)0; }

    /// <summary>For a <c>lddw</c>: what the kernel makes of the immediate (a map, a map value, a constant).</summary>
    public PseudoSource Pseudo { get => pseudo; init => pseudo = value; }

    /// <summary>For a helper call: how many argument registers (r1, r2, ...) it reads.</summary>
    public int Arguments { get => arguments; init => arguments = checked((byte)value); }

    internal bool IsMark => isMark;

    MirInstruction(MirLabel mark) => (target, isMark) = (mark.Id + 1, true);

    internal static MirInstruction MarkOf(MirLabel label) => new(label);

    /// <summary>The same instruction with physical registers, as emission needs it.</summary>
    public Instruction ToInstruction(short offset) => new(Opcode, Dst.IsPhysical ? Dst.Physical : 0,
        Opcode == Opcode.LoadImm64 ? (Register)Pseudo : Src.IsPhysical ? Src.Physical : 0, offset, Immediate);

    /// <inheritdoc/>
    public override string ToString()
    {
        var suffix = $"{(Target is null ? "" : $" -> {Target}")}{(Map is null ? "" : $" [map {Map}]")}";
        if (Dst.IsPhysical && Src.IsPhysical) return Disassembler.Format(ToInstruction(Offset)) + suffix;
        return $"{Opcode} {Dst}, {Src}, off {Offset}, imm {Immediate}{suffix}";
    }
}

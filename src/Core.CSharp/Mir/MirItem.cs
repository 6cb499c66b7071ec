using System.Diagnostics.CodeAnalysis;

namespace EbpfCat.Mir;

/// <summary>An item of a MIR function: an instruction or the position of a label.</summary>
/// <remarks>
/// Items are values without references to heap objects, stored inline in the segments of a <see cref="MirItemList"/>.
/// As one object per instruction, a 100,000-statement program's 600,000 instructions survived every collection
/// during its compilation, which then spent a fifth of its time paused while the collector copied them (140 of 690
/// ms); arrays of values without references are neither traced nor, once large, copied.
/// </remarks>
/// <example><code>MirItem item = new MirLabelMark(new MirLabel(1)); if (item.Mark is { } m) Console.WriteLine(m.Label);</code></example>
public readonly struct MirItem : IEquatable<MirItem>
{
    readonly MirInstruction value; // a mark is an instruction value flagged as one, holding its label as the target

    MirItem(MirInstruction value) => this.value = value;

    /// <summary>The instruction, or null for a label mark.</summary>
    public MirInstruction? Instruction => value.IsMark ? null : value;

    /// <summary>The label mark, or null for an instruction.</summary>
    public MirLabelMark? Mark => value.IsMark ? new MirLabelMark(value.Target!.Value) : null;

    /// <summary>The jump target of a branch; null for a label mark and every other instruction (read without copying
    /// the instruction, as scans for branches need it).</summary>
    public MirLabel? Target => value.IsMark ? null : value.Target;

    /// <summary>True for a label mark.</summary>
    public bool IsMark => value.IsMark;

    /// <summary>The instruction of an item known to be one, read in place (no copy through a nullable: an instruction
    /// has too many fields for the JIT to keep one in registers).</summary>
    [UnscopedRef] internal ref readonly MirInstruction UncheckedInstruction => ref value;

    /// <summary>An instruction item.</summary>
    public static implicit operator MirItem(MirInstruction instruction) => new(instruction);

    /// <summary>A label mark item.</summary>
    public static implicit operator MirItem(MirLabelMark mark) => new(MirInstruction.MarkOf(mark.Label));

    /// <inheritdoc/>
    public bool Equals(MirItem other) => value.Equals(other.value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MirItem other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => value.GetHashCode();

    /// <summary>Item equality.</summary>
    public static bool operator ==(MirItem a, MirItem b) => a.Equals(b);

    /// <summary>Item inequality.</summary>
    public static bool operator !=(MirItem a, MirItem b) => !a.Equals(b);

    /// <inheritdoc/>
    public override string ToString() => value.IsMark ? $"{value.Target}:" : value.ToString();
}

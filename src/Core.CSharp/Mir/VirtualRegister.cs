using EbpfCat.Isa;

namespace EbpfCat.Mir;

/// <summary>A register of the machine-level IR: numbers 0–10 are the physical r0–r10 (fixed by the
/// calling convention), numbers from <see cref="FirstVirtual"/> on are virtual and get a physical
/// register or a stack slot from register allocation.</summary>
/// <example><code>var ctx = VirtualRegister.Of(Register.R1); var t = new VirtualRegister(16);</code></example>
public readonly record struct VirtualRegister(int Number)
{
    /// <summary>The first number that is not a physical register.</summary>
    public const int FirstVirtual = 16;

    /// <summary>The physical register <paramref name="r"/>.</summary>
    public static VirtualRegister Of(Register r) => new((int)r);

    /// <summary>True for r0–r10.</summary>
    public bool IsPhysical => Number < FirstVirtual;

    /// <summary>The physical register; only for <see cref="IsPhysical"/> registers.</summary>
    public Register Physical => IsPhysical ? (Register)Number : throw new InvalidOperationException($"{this} is virtual");

    /// <inheritdoc/>
    public override string ToString() => IsPhysical ? $"r{Number}" : $"v{Number}";
}

using System.Collections;
using System.Runtime.CompilerServices;

namespace EbpfCat.Mir;

/// <summary>The registers one instruction reads or writes: at most five (a helper call's r1–r5), kept inline, so
/// that asking for them, which liveness, load sinking and the peephole do for every instruction they look at,
/// allocates nothing.</summary>
/// <example><code>foreach (var r in MirOperands.Uses(i)) live.Add(r);   bool reads = MirOperands.Uses(i).Contains(v);</code></example>
public struct RegisterList : IEnumerable<VirtualRegister>
{
    /// <summary>The most registers an instruction reads or writes.</summary>
    public const int Capacity = 5;

    [InlineArray(Capacity)]
    struct Slots { VirtualRegister first; }

    Slots slots;
    int count;

    /// <summary>How many registers the list holds.</summary>
    public readonly int Count => count;

    /// <summary>The register at <paramref name="index"/>, in the order the instruction names them.</summary>
    public readonly VirtualRegister this[int index] => (uint)index < (uint)count ? slots[index] : throw new ArgumentOutOfRangeException(nameof(index));

    internal void Add(VirtualRegister register) => slots[count++] = register;

    /// <summary>Whether <paramref name="register"/> is among them.</summary>
    public readonly bool Contains(VirtualRegister register)
    {
        for (int k = 0; k < count; k++) if (slots[k] == register) return true;
        return false;
    }

    /// <summary>An enumerator that allocates nothing (what <c>foreach</c> uses).</summary>
    public readonly Enumerator GetEnumerator() => new(this);

    readonly IEnumerator<VirtualRegister> IEnumerable<VirtualRegister>.GetEnumerator()
    {
        var copy = new VirtualRegister[count];
        for (int k = 0; k < count; k++) copy[k] = slots[k];
        return ((IEnumerable<VirtualRegister>)copy).GetEnumerator();
    }

    readonly IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<VirtualRegister>)this).GetEnumerator();

    /// <summary>Walks a <see cref="RegisterList"/> without allocating.</summary>
    public struct Enumerator(RegisterList list)
    {
        int index = -1;

        /// <summary>The register at the current place.</summary>
        public readonly VirtualRegister Current => list[index];

        /// <summary>Moves to the next register; false past the last.</summary>
        public bool MoveNext() => ++index < list.Count;
    }
}

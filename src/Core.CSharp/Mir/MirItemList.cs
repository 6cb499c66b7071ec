using System.Collections;
using System.Runtime.CompilerServices;

namespace EbpfCat.Mir;

/// <summary>The immutable item list of a <see cref="MirFunction"/>, compared by its items.</summary>
/// <remarks>
/// The items are kept in segments of 2,048 items (64 KB), below the 85 KB threshold of the large-object heap. Each MIR
/// pass makes a new list; as one array, a 10,000-statement program's lists were four large objects per compilation, and
/// large objects are only reclaimed by full collections, which then came about once per compilation and made such a
/// program cost half as much again per statement as a 1,000-statement one. A list of 65,536 items or more (some 10,000
/// statements) is made of 8,192-item segments, which are large objects: a list that long outlives several young
/// collections, and as small segments every one of them copied it (at 100,000 statements 5 collections and 30 ms a
/// compilation); a large object is never copied, and one holding no references is never traced either.
/// </remarks>
/// <example><code>MirItemList items = [new MirLabelMark(new MirLabel(0))]; int n = items.Count;</code></example>
[CollectionBuilder(typeof(MirItemList), nameof(Create))]
public sealed class MirItemList : IReadOnlyList<MirItem>, IEquatable<MirItemList>
{
    const int SmallShift = 11, LargeShift = 13;

    /// <summary>From this many items on, a list is made of large segments.</summary>
    const int LargeFrom = 1 << 16;

    readonly MirItem[][] segments;
    readonly int shift;

    MirItemList(MirItem[][] segments, int count, int shift) => (this.segments, Count, this.shift) = (segments, count, shift);

    /// <summary>The empty list.</summary>
    public static MirItemList Empty { get; } = new([], 0, SmallShift);

    /// <summary>A list of <paramref name="items"/>, copied (collection expressions use it).</summary>
    public static MirItemList Create(ReadOnlySpan<MirItem> items)
    {
        if (items.IsEmpty) return Empty;
        int shift = items.Length >= LargeFrom ? LargeShift : SmallShift, length = 1 << shift;
        var segments = new MirItem[(items.Length + length - 1) >> shift][];
        for (int s = 0; s < segments.Length; s++)
            segments[s] = items.Slice(s << shift, Math.Min(length, items.Length - (s << shift))).ToArray();
        return new(segments, items.Length, shift);
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public MirItem this[int index] => (uint)index < (uint)Count
        ? segments[index >> shift][index & ((1 << shift) - 1)]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"the list has {Count} items");

    /// <summary>Appends every item to <paramref name="list"/>.</summary>
    internal void CopyTo(List<MirItem> list)
    {
        foreach (var segment in segments) list.AddRange(segment);
    }

    /// <summary>A walk over the items that allocates nothing (what <c>foreach</c> uses).</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<MirItem> IEnumerable<MirItem>.GetEnumerator()
    {
        foreach (var item in this) yield return item;
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<MirItem>)this).GetEnumerator();

    /// <summary>Walks a <see cref="MirItemList"/> in order.</summary>
    public struct Enumerator
    {
        readonly MirItem[][] segments;
        MirItem[] current; // the segment being walked, held so that a step reads one array, not two
        int segment, index;

        internal Enumerator(MirItemList list) => (segments, current, index) = (list.segments, list.segments.Length > 0 ? list.segments[0] : [], -1);

        /// <summary>The item reached.</summary>
        public readonly ref readonly MirItem Current => ref current[index];

        /// <summary>Steps to the next item; false past the last.</summary>
        public bool MoveNext()
        {
            if (++index < current.Length) return true;
            if (segment + 1 >= segments.Length) { index = current.Length; return false; }
            current = segments[++segment];
            index = 0;
            return true;
        }
    }

    /// <inheritdoc/>
    public bool Equals(MirItemList? other)
    {
        if (other is null || other.Count != Count) return false;
        for (int s = 0; s < segments.Length; s++)
            if (!segments[s].AsSpan().SequenceEqual(other.segments[s])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MirItemList);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var item in this) h.Add(item);
        return h.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => $"[{string.Join(", ", this)}]";
}

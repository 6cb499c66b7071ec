using System.Collections;
using System.Collections.Immutable;

namespace EbpfCat.Ir;

/// <summary>An immutable array compared by its elements, so IR records compare structurally.</summary>
/// <example><code>EquatableArray&lt;int&gt; a = [1, 2]; a == (EquatableArray&lt;int&gt;)[1, 2] // true</code></example>
[System.Runtime.CompilerServices.CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    readonly ImmutableArray<T> items;

    /// <summary>Wraps <paramref name="items"/>.</summary>
    public EquatableArray(ImmutableArray<T> items) => this.items = items;

    /// <summary>The elements.</summary>
    public ImmutableArray<T> Items => items.IsDefault ? [] : items;

    /// <inheritdoc/>
    public int Count => Items.Length;

    /// <inheritdoc/>
    public T this[int index] => Items[index];

    /// <inheritdoc/>
    public bool Equals(EquatableArray<T> other) => Items.SequenceEqual(other.Items);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var item in Items) h.Add(item);
        return h.ToHashCode();
    }

    /// <summary>Element-wise equality.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Element-wise inequality.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>The same elements, each mapped; returns this very array when the mapping changed none (by reference).</summary>
    public EquatableArray<T> Map(Func<T, T> map)
    {
        ImmutableArray<T>.Builder? changed = null;
        for (int i = 0; i < Count; i++)
        {
            var before = Items[i];
            var after = map(before);
            if (changed is null && !ReferenceEquals(before, after))
            {
                changed = ImmutableArray.CreateBuilder<T>(Count);
                for (int j = 0; j < i; j++) changed.Add(Items[j]);
            }
            changed?.Add(after);
        }
        return changed is null ? this : new EquatableArray<T>(changed.MoveToImmutable());
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"[{string.Join(", ", Items)}]";
}

/// <summary>Builds <see cref="EquatableArray{T}"/> values (collection expressions use it).</summary>
public static class EquatableArray
{
    /// <summary>An array holding <paramref name="items"/>.</summary>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new([.. items]);

    /// <summary>An array of <paramref name="items"/> without copying them: the caller hands the array over and must
    /// not write to it again. A pass that knows its output's length fills the array itself, which spares a long
    /// program's compilation a large copy per pass.</summary>
    internal static EquatableArray<T> Adopt<T>(T[] items) => new(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(items));
}

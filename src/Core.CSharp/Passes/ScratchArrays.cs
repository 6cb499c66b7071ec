using System.Buffers;
using System.Runtime.CompilerServices;

namespace EbpfCat.Passes;

/// <summary>Working arrays that a pass borrows from the shared pool for one run and gives back when disposed.</summary>
/// <remarks>
/// A long program's per-register and per-instruction arrays pass the 85 KB threshold of the large-object heap, where
/// every new one counts toward a full collection: compiling a 10,000-statement program over and over cost about one
/// gen2 collection per compilation while register allocation made its arrays afresh. An array is filled throughout
/// with the value asked for and may be longer than asked, so a pass indexes it by the length it needs.
/// </remarks>
/// <example><code>using var scratch = new ScratchArrays(); int[] degree = scratch.Rent(nodes, 0);</code></example>
internal sealed class ScratchArrays : IDisposable
{
    /// <summary>Below this many elements an array is made afresh: it is cheap on the small-object heap, and a small
    /// program's compilation would pay more for the pool's bookkeeping than it saves.</summary>
    const int Pooled = 1024;

    // made on the first pooled array: a pass over a short program borrows none and should pay for no list
    List<(Array Array, Action<Array> GiveBack)>? borrowed;

    /// <summary>An array of at least <paramref name="length"/> elements, each <paramref name="fill"/>.</summary>
    public T[] Rent<T>(int length, T fill)
    {
        if (length < Pooled)
        {
            var fresh = new T[length];
            if (!EqualityComparer<T>.Default.Equals(fill, default)) Array.Fill(fresh, fill);
            return fresh;
        }
        var array = ArrayPool<T>.Shared.Rent(length);
        Array.Fill(array, fill);
        (borrowed ??= []).Add((array, Pool<T>.GiveBack));
        return array;
    }

    /// <summary>Gives every borrowed array back; none may be used after.</summary>
    public void Dispose()
    {
        if (borrowed is null) return;
        foreach (var (array, giveBack) in borrowed) giveBack(array);
        borrowed.Clear();
    }

    static class Pool<T>
    {
        public static readonly Action<Array> GiveBack =
            array => ArrayPool<T>.Shared.Return((T[])array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
    }
}

using System.Buffers;
using System.Runtime.CompilerServices;

namespace EbpfCat.Passes;

/// <summary>Working arrays that a pass borrows for one run and gives back when it disposes them.</summary>
/// <remarks>
/// A long program's per-register and per-instruction arrays pass the 85 KB threshold of the large-object heap, where
/// every new one counts toward a full collection: compiling a 10,000-statement program over and over cost about one
/// gen2 collection per compilation while register allocation made its arrays afresh. Those come from the shared pool.
/// A short program's arrays are many and small (register allocation of a six-instruction program rents some forty),
/// and making each anew was a large part of compiling it; a pass asks for the same kinds of array in the same order
/// every time, so each thread keeps the small arrays of its last run, and the k-th array a run asks for is the k-th
/// of the last run when that one fits. An array is filled throughout with the value asked for and may be longer than
/// asked, so a pass indexes it by the length it needs.
/// </remarks>
/// <example><code>using var scratch = ScratchArrays.Open(); int[] degree = scratch.Rent(nodes, 0);</code></example>
internal sealed class ScratchArrays : IDisposable
{
    /// <summary>Arrays below this many elements are kept by the thread; longer ones come from the shared pool.</summary>
    const int Pooled = 1024;

    /// <summary>The most small arrays a thread keeps: enough for a short program's run, while a long program's many
    /// small arrays (the index of every node with many neighbours) are not held on to between compilations.</summary>
    internal const int Kept = 64;

    // the thread's scratch between runs; a run that opens one while another is open gets a fresh one
    [ThreadStatic] static ScratchArrays? spare;

    readonly List<Array> kept = []; // the small arrays of the last run, in the order it rented them
    int next; // how many small arrays this run has rented

    // made on the first pooled array: a pass over a short program borrows none and should pay for no list
    List<(Array Array, Action<Array> GiveBack)>? borrowed;

    ScratchArrays() { }

    /// <summary>The thread's scratch arrays, for one run of a pass (dispose them when it ends).</summary>
    public static ScratchArrays Open()
    {
        var scratch = spare ?? new ScratchArrays();
        spare = null;
        return scratch;
    }

    /// <summary>An array of at least <paramref name="length"/> elements, each <paramref name="fill"/>.</summary>
    public T[] Rent<T>(int length, T fill)
    {
        T[] array;
        if (length >= Pooled)
        {
            array = ArrayPool<T>.Shared.Rent(length);
            (borrowed ??= []).Add((array, Pool<T>.GiveBack));
        }
        // the last run's array when it is of the type and no more than twice the length, so filling it stays cheap
        else if (next < kept.Count && kept[next] is T[] last && last.Length >= length && last.Length <= 2 * length + 8)
        {
            array = last;
            next++;
        }
        else
        {
            array = new T[length];
            if (next < kept.Count) kept[next] = array;
            else if (next < Kept) kept.Add(array);
            next++;
            if (EqualityComparer<T>.Default.Equals(fill, default)) return array; // a new array is all default already
        }
        Array.Fill(array, fill);
        return array;
    }

    /// <summary>Gives every array back to the thread or the pool; none may be used after.</summary>
    public void Dispose()
    {
        if (borrowed is not null)
        {
            foreach (var (array, giveBack) in borrowed) giveBack(array);
            borrowed.Clear();
        }
        next = 0;
        spare = this;
    }

    static class Pool<T>
    {
        public static readonly Action<Array> GiveBack =
            array => ArrayPool<T>.Shared.Return((T[])array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
    }
}

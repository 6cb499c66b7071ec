using System.Buffers;
using System.Runtime.CompilerServices;

namespace EbpfCat.Passes;

/// <summary>Working arrays that a pass borrows from the shared pool for one run and gives back when disposed.</summary>
/// <remarks>
/// A long program's per-register and per-instruction arrays pass the 85 KB threshold of the large-object heap, where
/// every new one counts toward a full collection: compiling a 10,000-statement program over and over cost about one
/// gen2 collection per compilation while register allocation made its arrays afresh. A borrowed array is filled
/// throughout with the value asked for and may be longer than asked, so a pass indexes it by the length it needs.
/// </remarks>
/// <example><code>using var scratch = new ScratchArrays(); int[] degree = scratch.Rent(nodes, 0);</code></example>
internal sealed class ScratchArrays : IDisposable
{
    readonly List<Action> returns = [];

    /// <summary>An array of at least <paramref name="length"/> elements, each <paramref name="fill"/>.</summary>
    public T[] Rent<T>(int length, T fill)
    {
        var array = ArrayPool<T>.Shared.Rent(length);
        Array.Fill(array, fill);
        returns.Add(() => ArrayPool<T>.Shared.Return(array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>()));
        return array;
    }

    /// <summary>Gives every borrowed array back; none may be used after.</summary>
    public void Dispose()
    {
        foreach (var giveBack in returns) giveBack();
        returns.Clear();
    }
}

namespace EbpfCat.Passes;

/// <summary>A binary min-heap of integers in an array borrowed for one pass, with room for a known number of pushes.</summary>
/// <remarks>Register allocation's queue of low-degree nodes holds one entry per node of a long program: as a
/// <see cref="PriorityQueue{TElement, TPriority}"/> it was a large object per round (it stores each entry with its
/// priority, and here the two are the same).</remarks>
/// <example><code>var heap = new MinHeap(nodes, scratch); heap.Push(3); heap.TryPop(out int least);</code></example>
internal sealed class MinHeap(int capacity, ScratchArrays scratch)
{
    readonly int[] items = scratch.Rent(capacity, 0);
    int count;

    /// <summary>Adds <paramref name="value"/>; at most the capacity's number of pushes fit.</summary>
    public void Push(int value)
    {
        int at = count++;
        while (at > 0 && items[(at - 1) / 2] > value)
        {
            items[at] = items[(at - 1) / 2];
            at = (at - 1) / 2;
        }
        items[at] = value;
    }

    /// <summary>Takes the least value out; false when the heap is empty.</summary>
    public bool TryPop(out int least)
    {
        if (count == 0) { least = 0; return false; }
        least = items[0];
        int last = items[--count], at = 0;
        while (2 * at + 1 < count)
        {
            int child = 2 * at + 1;
            if (child + 1 < count && items[child + 1] < items[child]) child++;
            if (items[child] >= last) break;
            items[at] = items[child];
            at = child;
        }
        items[at] = last;
        return true;
    }
}

namespace EbpfCat.Passes;

/// <summary>The neighbours of one node of the interference graph: a set of register numbers, in no meaningful order.</summary>
/// <remarks>
/// Most nodes have a handful of neighbours, where scanning a small array beats hashing and costs one array where a hash
/// set costs three objects (a 10,000-statement program has 30,000 nodes). A node with many neighbours, such as a
/// variable live through the whole program, also keeps an index of where each neighbour is, so that finding and
/// removing one stays constant-time: an open-addressed table (linear probing, at most half full) of positions in the
/// array, borrowed from the graph's scratch arrays, since a dictionary of the 20,000 neighbours of one variable was
/// a large object per compilation. For the same reason the array of a large set is borrowed too.
/// <para>A value, held in the graph's adjacency array and changed in place through a reference to its element
/// (<c>ref adjacency[n]</c>): a copy would not see later changes.</para>
/// </remarks>
internal struct NeighbourSet
{
    /// <summary>The set of a node without neighbours yet (a default set stands for a node not in the graph).</summary>
    public static NeighbourSet Empty => new() { items = [] };

    /// <summary>Whether the set belongs to a node of the graph.</summary>
    public readonly bool Present => items is not null;

    /// <summary>Up to this many neighbours, lookups scan the array.</summary>
    const int Scanned = 16;

    int[]? items; // from the scratch arrays at the first neighbour, like every later one; null for no node
    int count;
    int[]? index; // position + 1 of each neighbour in items, 0 for an empty slot, once there are more than Scanned
    int mask, shift; // the index's length less one (a power of two; a borrowed array may be longer, and the rest is
                     // unused), and 32 less its bits

    /// <summary>How many neighbours there are.</summary>
    public readonly int Count => count;

    /// <summary>The neighbours; valid until the set next changes.</summary>
    public readonly ReadOnlySpan<int> Items => items.AsSpan(0, count);

    /// <summary>Whether <paramref name="n"/> is a neighbour.</summary>
    public readonly bool Contains(int n) => IndexOf(n) >= 0;

    readonly int IndexOf(int n)
    {
        if (index is null) return items.AsSpan(0, count).IndexOf(n);
        for (int slot = Home(n); index[slot] != 0; slot = (slot + 1) & mask)
            if (items![index[slot] - 1] == n) return index[slot] - 1;
        return -1;
    }

    readonly int Home(int n) => (int)(((uint)n * 0x9E3779B9u) >> shift); // Fibonacci hashing: consecutive numbers spread out

    readonly int SlotOf(int n)
    {
        int slot = Home(n);
        while (items![index![slot] - 1] != n) slot = (slot + 1) & mask;
        return slot;
    }

    /// <summary>Adds <paramref name="n"/>; false when it was there already. A large set's index is borrowed from
    /// <paramref name="scratch"/>, so the set is usable until that is disposed.</summary>
    public bool Add(int n, ScratchArrays scratch)
    {
        if (IndexOf(n) >= 0) return false;
        if (count == items!.Length) Grow(scratch);
        items![count++] = n;
        if (index is not null && count * 2 <= mask + 1) Place(count - 1);
        else if (count > Scanned) Reindex(scratch);
        return true;
    }

    void Grow(ScratchArrays scratch)
    {
        var larger = scratch.Rent(Math.Max(4, count * 2), 0);
        items.AsSpan(0, count).CopyTo(larger);
        items = larger;
    }

    void Place(int position)
    {
        int slot = Home(items![position]);
        while (index![slot] != 0) slot = (slot + 1) & mask;
        index[slot] = position + 1;
    }

    void Reindex(ScratchArrays scratch)
    {
        int length = 64;
        while (length < count * 4) length *= 2;
        index = scratch.Rent(length, 0);
        mask = length - 1;
        shift = 32 - System.Numerics.BitOperations.Log2((uint)length);
        for (int i = 0; i < count; i++) Place(i);
    }

    /// <summary>Removes <paramref name="n"/>; false when it was not there. The last neighbour takes its place.</summary>
    public bool Remove(int n)
    {
        int i = IndexOf(n);
        if (i < 0) return false;
        if (index is not null)
        {
            Vacate(SlotOf(n));
            if (i != count - 1) index[SlotOf(items![count - 1])] = i + 1;
        }
        items![i] = items[--count];
        return true;
    }

    // Empties a slot and moves back the entries after it that probing could no longer reach (backward-shift deletion,
    // which keeps lookups correct without tombstones).
    void Vacate(int hole)
    {
        index![hole] = 0;
        for (int slot = (hole + 1) & mask; index[slot] != 0; slot = (slot + 1) & mask)
        {
            int home = Home(items![index[slot] - 1]);
            // the entry may move into the hole unless its home lies cyclically in (hole, slot]
            bool reachable = hole <= slot ? home > hole && home <= slot : home > hole || home <= slot;
            if (reachable) continue;
            index[hole] = index[slot];
            index[slot] = 0;
            hole = slot;
        }
    }
}

namespace EbpfCat.Passes;

/// <summary>The neighbours of one node of the interference graph: a set of register numbers, in no meaningful order.</summary>
/// <remarks>
/// Most nodes have a handful of neighbours, where scanning a small array beats hashing and costs one array where a hash
/// set costs three objects (a 10,000-statement program has 30,000 nodes). A node with many neighbours, such as a
/// pointer live through the whole program, also keeps each neighbour's place in a dictionary, so that finding and
/// removing one stays constant-time.
/// </remarks>
internal sealed class NeighbourSet
{
    /// <summary>Up to this many neighbours, lookups scan the array.</summary>
    const int Scanned = 16;

    int[] items = new int[4];
    int count;
    Dictionary<int, int>? place; // neighbour → its index in items, once there are more than Scanned

    /// <summary>How many neighbours there are.</summary>
    public int Count => count;

    /// <summary>The neighbours; valid until the set next changes.</summary>
    public ReadOnlySpan<int> Items => items.AsSpan(0, count);

    /// <summary>Whether <paramref name="n"/> is a neighbour.</summary>
    public bool Contains(int n) => IndexOf(n) >= 0;

    int IndexOf(int n) => place is null ? Array.IndexOf(items, n, 0, count) : place.TryGetValue(n, out var i) ? i : -1;

    /// <summary>Adds <paramref name="n"/>; false when it was there already.</summary>
    public bool Add(int n)
    {
        if (IndexOf(n) >= 0) return false;
        if (count == items.Length) Array.Resize(ref items, count * 2);
        items[count] = n;
        place?.Add(n, count);
        count++;
        if (place is null && count > Scanned)
        {
            place = new(count * 2);
            for (int i = 0; i < count; i++) place[items[i]] = i;
        }
        return true;
    }

    /// <summary>Removes <paramref name="n"/>; false when it was not there. The last neighbour takes its place.</summary>
    public bool Remove(int n)
    {
        int i = IndexOf(n);
        if (i < 0) return false;
        int last = items[--count];
        items[i] = last;
        if (place is not null)
        {
            place[last] = i;
            place.Remove(n);
        }
        return true;
    }
}

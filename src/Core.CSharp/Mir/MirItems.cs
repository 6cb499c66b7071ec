namespace EbpfCat.Mir;

/// <summary>A MIR pass's working list of items: where it comes from, how it is edited and how it becomes the pass's result.</summary>
internal static class MirItems
{
    // The working list of a long program passes the large-object heap's threshold (85 KB, some 10,000 items), where each
    // new one counts toward a full collection; a pass takes its thread's spare list instead and gives it back when it
    // has made its result. The spare keeps its capacity, never its items: a thread holds at most one array of references
    // as long as the longest program it compiled.
    [ThreadStatic] static List<MirItem>? spare;

    /// <summary>An empty working list (the thread's spare when it has one).</summary>
    public static List<MirItem> Working()
    {
        var list = spare ?? [];
        spare = null;
        return list;
    }

    /// <summary>A working list holding <paramref name="items"/>.</summary>
    public static List<MirItem> Working(MirItemList items)
    {
        var list = Working();
        items.CopyTo(list);
        return list;
    }

    /// <summary>The pass's result: the working list's items, copied once; the list goes back to be the thread's spare.</summary>
    public static MirItemList Finish(List<MirItem> working)
    {
        var result = MirItemList.Create(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(working));
        Release(working);
        return result;
    }

    /// <summary>Gives a working list back without making a result from it (a pass that changed nothing).</summary>
    public static void Release(List<MirItem> working)
    {
        working.Clear();
        spare = working;
    }

    /// <summary>Drops the items marked in <paramref name="removed"/>, keeping the order of the others, in one sweep:
    /// a pass that removes items one at a time where they stand moves everything after each, which is quadratic on
    /// long straight-line programs.</summary>
    public static void RemoveMarked(List<MirItem> items, bool[] removed)
    {
        int kept = 0;
        for (int k = 0; k < items.Count; k++)
            if (!removed[k]) items[kept++] = items[k];
        items.RemoveRange(kept, items.Count - kept);
    }
}

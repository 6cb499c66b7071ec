namespace EbpfCat.Mir;

/// <summary>Edits of a MIR pass's working list of items.</summary>
internal static class MirItems
{
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

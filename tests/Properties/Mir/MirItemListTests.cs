using EbpfCat.Mir;
using Xunit;
using static EbpfCat.Properties.Passes.MirBuilder;

namespace EbpfCat.Properties.Mir;

/// <summary>A MIR function's item list reads as the array it was made from, across its segments of 2,048 items (8,192 in a list of 65,536 or more).</summary>
public sealed class MirItemListTests
{
    static MirItem[] Items(int length) =>
        [.. Enumerable.Range(0, length).Select(k => k % 7 == 0 ? (MirItem)Mark(Label(k)) : MovImm(V(16 + k % 50), k))];

    // lengths on either side of one and two segment boundaries, of the change to large segments, and short ones
    public static TheoryData<int> Lengths { get; } = [0, 1, 2, 2_047, 2_048, 2_049, 4_095, 4_096, 4_097, 20_000, 65_535, 65_536, 73_727, 73_728, 73_729];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Indexing_and_enumeration_give_the_items_in_order(int length)
    {
        var items = Items(length);
        MirItemList list = [.. items];
        Assert.Equal(length, list.Count);
        for (int k = 0; k < length; k++) Assert.Equal(items[k], list[k]);
        int at = 0;
        foreach (var item in list) Assert.Equal(items[at++], item);
        Assert.Equal(length, at);
        Assert.Equal(items, list.ToArray()); // through IEnumerable<MirItem>, as LINQ reads it
        Assert.Throws<ArgumentOutOfRangeException>(() => list[length]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Lists_are_equal_when_their_items_are_equal_item_by_item(int length)
    {
        MirItemList list = [.. Items(length)], same = [.. Items(length)];
        Assert.Equal(list, same);
        Assert.Equal(list.GetHashCode(), same.GetHashCode());
        if (length == 0) return;
        var changed = Items(length);
        changed[length - 1] = MovImm(V(15), -1);
        Assert.NotEqual(list, MirItemList.Create(changed));
        Assert.NotEqual(list, MirItemList.Create(Items(length - 1)));
    }
}

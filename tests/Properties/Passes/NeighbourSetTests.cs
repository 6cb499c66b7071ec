using EbpfCat.Passes;
using EbpfCat.Properties.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace EbpfCat.Properties.Passes;

/// <summary>The interference graph's neighbour sets hold what a hash set would, below and past the size where they
/// start keeping an index.</summary>
public sealed class NeighbourSetTests
{
    // adds and removes of numbers from a range, so that removes hit and sets grow past sixteen; the longer runs over
    // a wider range grow the index more than once and make entries collide, so removals shift them back
    static Arbitrary<(bool Add, int Number)[]> Edits(int largest, int longest) => Arb.From(
        from length in Gen.Choose(0, longest)
        from edits in Gen.ArrayOf(Gen.Zip(Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false))), Gen.Choose(0, largest)), length)
        select edits);

    [Theory]
    [InlineData(40, 100)]
    [InlineData(2_000, 1_500)]
    public void Every_add_and_remove_answers_and_leaves_what_a_hash_set_would(int largest, int longest)
    {
        int indexed = 0; // cases whose set at some point held more than sixteen numbers
        PropertyRuns.Check(Edits(largest, longest), edits =>
        {
            using var scratch = ScratchArrays.Open();
            var set = NeighbourSet.Empty;
            var expected = new HashSet<int>();
            bool past = false;
            foreach (var (add, n) in edits)
            {
                Assert.Equal(add ? expected.Add(n) : expected.Remove(n), add ? set.Add(n, scratch) : set.Remove(n));
                Assert.Equal(expected.Count, set.Count);
                Assert.Equal(add, set.Contains(n));
                past |= set.Count > 16;
            }
            Assert.Equal(expected.Order(), set.Items.ToArray().Order());
            for (int k = 0; k <= largest; k++) Assert.Equal(expected.Contains(k), set.Contains(k));
            if (past) indexed++;
        });
        Assert.True(indexed > PropertyRuns.Count / 10, $"only {indexed} of {PropertyRuns.Count} cases grew a set past sixteen");
    }
}

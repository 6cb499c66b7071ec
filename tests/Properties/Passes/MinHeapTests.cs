using EbpfCat.Passes;
using EbpfCat.Properties.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace EbpfCat.Properties.Passes;

/// <summary>Register allocation's queue of low-degree nodes gives back the least number first, as a sorted list would.</summary>
public sealed class MinHeapTests
{
    // pushes of small numbers (so some repeat) interleaved with pops
    static Arbitrary<(bool Push, int Value)[]> Operations { get; } = Arb.From(
        Gen.ArrayOf(Gen.Zip(Gen.Frequency((2, Gen.Constant(true)), (1, Gen.Constant(false))), Gen.Choose(0, 30))));

    [Fact]
    public void Pops_return_the_least_value_pushed_and_not_yet_popped()
    {
        PropertyRuns.Check(Operations, operations =>
        {
            using var scratch = ScratchArrays.Open();
            var heap = new MinHeap(operations.Length, scratch);
            var expected = new List<int>();
            foreach (var (push, value) in operations)
            {
                if (push) { heap.Push(value); expected.Add(value); continue; }
                Assert.Equal(expected.Count > 0, heap.TryPop(out int least));
                if (expected.Count == 0) continue;
                Assert.Equal(expected.Min(), least);
                expected.Remove(least);
            }
            foreach (var value in expected.Order()) Assert.True(heap.TryPop(out int least) && least == value);
            Assert.False(heap.TryPop(out _));
        });
    }
}

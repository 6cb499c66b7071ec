using Xunit;
using EbpfCat.Passes;

namespace EbpfCat.Properties.Passes;

/// <summary>The pool of working arrays that register allocation borrows for each round: what comes back is as good as new.</summary>
public sealed class ScratchArraysTests
{
    [Theory]
    [InlineData(10)]     // made afresh
    [InlineData(40_000)] // past the large-object threshold: from the pool
    public void A_borrowed_array_is_filled_with_the_value_asked_for_even_when_the_pool_hands_back_a_written_one(int length)
    {
        using (var first = new ScratchArrays())
        {
            var written = first.Rent(length, 0);
            Array.Fill(written, 12345);
        }
        using var second = new ScratchArrays();
        var again = second.Rent(length, -1);
        Assert.True(again.Length >= length);
        Assert.All(again, v => Assert.Equal(-1, v));
    }
}

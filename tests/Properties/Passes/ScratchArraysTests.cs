using Xunit;
using EbpfCat.Passes;

namespace EbpfCat.Properties.Passes;

/// <summary>The working arrays that passes borrow for each run: what comes back is as good as new, and a short
/// program's arrays are the thread's from the run before.</summary>
public sealed class ScratchArraysTests
{
    [Theory]
    [InlineData(10)]     // kept by the thread
    [InlineData(40_000)] // past the large-object threshold: from the pool
    public void A_borrowed_array_is_filled_with_the_value_asked_for_even_when_it_comes_back_written(int length)
    {
        using (var first = ScratchArrays.Open())
        {
            var written = first.Rent(length, 0);
            Array.Fill(written, 12345);
        }
        using var second = ScratchArrays.Open();
        var again = second.Rent(length, -1);
        Assert.True(again.Length >= length);
        Assert.All(again, v => Assert.Equal(-1, v));
    }

    [Fact]
    public void A_run_that_asks_for_what_the_last_run_asked_for_gets_the_same_small_arrays_cleared()
    {
        int[] numbers;
        bool[] flags;
        using (var first = ScratchArrays.Open())
        {
            numbers = first.Rent(20, 7);
            flags = first.Rent(20, true);
        }
        using var second = ScratchArrays.Open();
        var numbersAgain = second.Rent(20, 0);
        var flagsAgain = second.Rent(20, false);
        Assert.Same(numbers, numbersAgain);
        Assert.Same(flags, flagsAgain);
        Assert.All(numbersAgain, v => Assert.Equal(0, v));
        Assert.All(flagsAgain, Assert.False);
    }

    [Fact]
    public void Arrays_rented_in_one_run_are_distinct_and_a_nested_run_shares_none_of_them()
    {
        using var outer = ScratchArrays.Open();
        var a = outer.Rent(16, 1);
        var b = outer.Rent(16, 2);
        using (var inner = ScratchArrays.Open())
        {
            var c = inner.Rent(16, 3);
            Assert.NotSame(a, c);
            Assert.NotSame(b, c);
        }
        Assert.NotSame(a, b);
        Assert.All(a, v => Assert.Equal(1, v));
        Assert.All(b, v => Assert.Equal(2, v));
    }

    [Fact]
    public void An_array_of_another_type_or_a_much_other_length_is_made_afresh()
    {
        int[] small;
        using (var first = ScratchArrays.Open()) small = first.Rent(10, 0);
        int[] longer;
        using (var second = ScratchArrays.Open()) longer = second.Rent(100, 5);
        Assert.NotSame(small, longer);
        Assert.True(longer.Length >= 100);
        Assert.All(longer, v => Assert.Equal(5, v));
        using var third = ScratchArrays.Open();
        Assert.IsType<long[]>(third.Rent(longer.Length, 0L));
    }

    [Fact]
    public void A_thread_keeps_no_more_than_a_short_programs_worth_of_small_arrays()
    {
        int many = ScratchArrays.Kept + 20;
        var first = new int[many][];
        using (var scratch = ScratchArrays.Open())
            for (int k = 0; k < many; k++) first[k] = scratch.Rent(8, 0);
        using var again = ScratchArrays.Open();
        for (int k = 0; k < many; k++)
        {
            var array = again.Rent(8, 0);
            if (k < ScratchArrays.Kept) Assert.Same(first[k], array);
            else Assert.NotSame(first[k], array);
        }
    }
}

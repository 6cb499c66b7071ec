using EbpfCat.Builder;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Builder;

/// <summary>User space and the kernel add to the same array-map variable at once, and no addition is lost.</summary>
public sealed class ConcurrencyTests
{
    sealed class Adder : XdpProgram
    {
        public ArrayVariable<long> Total = new();
        protected override void Build() => Total += 1;
    }

    [Fact]
    public async Task Four_user_space_threads_and_kernel_test_runs_add_up_exactly()
    {
        KernelRequirement.Require();
        using var program = new Adder();
        program.Load();
        const int threads = 4, addsPerThread = 100_000, runs = 20, repeat = 10_000;
        var packet = new byte[64];
        var cancel = TestContext.Current.CancellationToken;
        var adders = Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < addsPerThread; i++) program.Total += 3;
        }, cancel)).ToArray();
        var kernel = Task.Run(() =>
        {
            for (int i = 0; i < runs; i++) program.TestRun(packet, repeat);
        }, cancel);
        await Task.WhenAll([.. adders, kernel]);
        Assert.Equal((long)threads * addsPerThread * 3 + (long)runs * repeat, program.Total.Value);
    }
}

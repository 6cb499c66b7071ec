using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Kernel;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Threads_sharing_one_map_and_one_program_see_consistent_results()
    {
        KernelRequirement.Require();
        const int threads = 4, iterations = 250, repeat = 10;
        using var map = BpfMap.Create(MapType.Hash, 4, 8, 1 + threads * iterations);
        map.Update(BitConverter.GetBytes(0), new byte[8]);
        using var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.CountInMap(), [TestPrograms.CounterRelocation], [map]);
        var packet = TestPrograms.Packet();

        await Task.WhenAll(Enumerable.Range(1, threads).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < iterations; i++)
            {
                var result = program.TestRun(new TestRunOptions { Data = packet, Repeat = repeat });
                Assert.Equal(TestPrograms.XdpPass, result.ReturnValue);
                var key = BitConverter.GetBytes(t * 10_000 + i);
                map.Update(key, BitConverter.GetBytes((long)t * i), MapUpdateFlags.NoExist);
                Assert.Equal((long)t * i, BitConverter.ToInt64(map.Lookup(key)));
            }
        }, TestContext.Current.CancellationToken)));

        // The program's atomic adds from all threads are all there, and so is every thread's own element.
        Assert.Equal((long)threads * iterations * repeat, BitConverter.ToInt64(map.Lookup(BitConverter.GetBytes(0))));
        Assert.Equal(1 + threads * iterations, map.Keys().Count());
    }
}

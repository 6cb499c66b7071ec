using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Kernel;

/// <summary>Counting this process's open fds only means something while no other test opens or closes any.</summary>
[CollectionDefinition(nameof(FileDescriptorCounting), DisableParallelization = true)]
public sealed class FileDescriptorCounting;

[Collection(nameof(FileDescriptorCounting))]
public sealed class LeakTests
{
    static int OpenFds() => Directory.GetFiles("/proc/self/fd").Length;

    static void Cycle(int i)
    {
        using var map = BpfMap.Create(MapType.Array, 4, 8, 1);
        using var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.CountInMap(), [TestPrograms.CounterRelocation], [map]);
        program.TestRun(TestPrograms.Packet(16));
        map.Update(new byte[4], BitConverter.GetBytes((long)i));
    }

    [Fact]
    public void Ten_thousand_create_load_run_dispose_cycles_leave_no_fd_behind()
    {
        KernelRequirement.Require();
        Cycle(0);   // warm up: lazily opened files (the possible-CPU list, libc) are not leaks
        int before = OpenFds();
        for (int i = 0; i < 10_000; i++) Cycle(i);
        Assert.Equal(before, OpenFds());
    }

    [Fact]
    public void Failed_loads_and_failed_creations_leave_no_fd_behind()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Array, 4, 8, 1);
        int before = OpenFds();
        for (int i = 0; i < 200; i++)
        {
            Assert.Throws<VerifierException>(() => BpfProgram.Load(ProgramType.Xdp, [EbpfCat.Isa.Instruction.Exit()]));
            Assert.Throws<BpfException>(() => BpfMap.Create(MapType.Hash, 4, 8, 4, MapFlags.Mmapable));
            Assert.Throws<ArgumentException>(() => BpfProgram.Load(ProgramType.Xdp, TestPrograms.CountInMap(), [new MapRelocation(0, 0)], [map]));
            Assert.Throws<BpfException>(() => BpfMap.OpenById(uint.MaxValue));
        }
        Assert.Equal(before, OpenFds());
    }
}

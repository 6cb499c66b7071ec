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
    /// <summary>This process's open descriptors and what each refers to.</summary>
    static Dictionary<string, string> OpenFds() => Directory.GetFiles("/proc/self/fd")
        .Select(f => (Fd: Path.GetFileName(f), Target: Target(f)))
        .Where(f => f.Target is not null)
        .ToDictionary(f => f.Fd, f => f.Target!);

    static string? Target(string link)
    {
        try { return new FileInfo(link).LinkTarget; }
        catch (IOException) { return null; } // closed while we looked (the directory listing's own fd)
    }

    /// <summary>The baseline: handles other tests dropped without disposing are finalized first, so that
    /// only this test's own descriptors are counted (the count after the loop is taken without collecting).</summary>
    static Dictionary<string, string> OpenFdsAfterSettling()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return OpenFds();
    }

    /// <summary>No kernel object (map, program, link: <c>anon_inode:bpf-*</c>) is left open, and no descriptor of any
    /// other kind either; the test host itself may open a descriptor meanwhile (its reporting runs in this process),
    /// so only those are told apart, by name, in the failure message.</summary>
    static void AssertNoLeak(Dictionary<string, string> before)
    {
        var after = OpenFds();
        // fd numbers are reused, so compare (number, target) pairs, and the count of kernel objects
        var added = after.Where(a => !before.TryGetValue(a.Key, out var target) || target != a.Value).ToList();
        static bool IsBpf(string target) => target.StartsWith("anon_inode:bpf", StringComparison.Ordinal);
        Assert.True(after.Values.Count(IsBpf) <= before.Values.Count(IsBpf),
            $"kernel objects left open: {string.Join(", ", added.Where(a => IsBpf(a.Value)).Select(a => $"{a.Key} -> {a.Value}"))}");
        var ours = added.Where(a => a.Value.StartsWith("/sys/", StringComparison.Ordinal) || a.Value.StartsWith("/proc/", StringComparison.Ordinal)).ToList();
        Assert.True(ours.Count == 0, $"files left open: {string.Join(", ", ours.Select(a => $"{a.Key} -> {a.Value}"))}");
    }

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
        var before = OpenFdsAfterSettling();
        for (int i = 0; i < 10_000; i++) Cycle(i);
        AssertNoLeak(before);
    }

    [Fact]
    public void Failed_loads_and_failed_creations_leave_no_fd_behind()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Array, 4, 8, 1);
        var before = OpenFdsAfterSettling();
        for (int i = 0; i < 200; i++)
        {
            Assert.Throws<VerifierException>(() => BpfProgram.Load(ProgramType.Xdp, [EbpfCat.Isa.Instruction.Exit()]));
            Assert.Throws<BpfException>(() => BpfMap.Create(MapType.Hash, 4, 8, 4, MapFlags.Mmapable));
            Assert.Throws<ArgumentException>(() => BpfProgram.Load(ProgramType.Xdp, TestPrograms.CountInMap(), [new MapRelocation(0, 0)], [map]));
            Assert.Throws<BpfException>(() => BpfMap.OpenById(uint.MaxValue));
        }
        AssertNoLeak(before);
    }
}

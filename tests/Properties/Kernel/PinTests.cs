using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Kernel;

public sealed class PinTests
{
    [Fact]
    public void A_pinned_map_outlives_its_handle_and_reopens_with_its_contents()
    {
        KernelRequirement.Require();
        using var fs = TemporaryBpfFs.Mount();
        var path = Path.Combine(fs.Path, "counts");
        uint id;
        using (var map = BpfMap.Create(MapType.Hash, 4, 8, 8, name: "counts"))
        {
            map.Update(BitConverter.GetBytes(1), BitConverter.GetBytes(11L));
            map.Pin(path);
            id = map.Info.Id;
        }
        Assert.True(File.Exists(path));
        using var reopened = BpfMap.OpenPinned(path);
        Assert.Equal((id, MapType.Hash, 4, 8, 8, "counts"), (reopened.Info.Id, reopened.Type, reopened.KeySize, reopened.ValueSize, reopened.MaxEntries, reopened.Name));
        Assert.Equal(11L, BitConverter.ToInt64(reopened.Lookup(BitConverter.GetBytes(1))));
    }

    [Fact]
    public void A_pinned_program_reopens_and_runs()
    {
        KernelRequirement.Require();
        using var fs = TemporaryBpfFs.Mount();
        var path = Path.Combine(fs.Path, "prog");
        using (var program = BpfProgram.Load(ProgramType.Xdp, TestPrograms.Return(2), new() { Name = "pinned" }))
            program.Pin(path);
        using var reopened = BpfProgram.OpenPinned(path);
        Assert.Equal((ProgramType.Xdp, "pinned"), (reopened.Type, reopened.Info.Name));
        Assert.Equal(2u, reopened.TestRun(TestPrograms.Packet()).ReturnValue);
    }

    [Fact]
    public void Pinning_errors_name_their_cause()
    {
        KernelRequirement.Require();
        using var fs = TemporaryBpfFs.Mount();
        using var map = BpfMap.Create(MapType.Array, 4, 4, 1);
        var taken = Path.Combine(fs.Path, "taken");
        map.Pin(taken);
        var exists = Assert.Throws<BpfException>(() => map.Pin(taken));
        Assert.Equal(("BPF_OBJ_PIN", "EEXIST"), (exists.CommandName, exists.ErrnoName));

        var outside = Path.Combine(Path.GetTempPath(), $"ebpfcat-not-bpffs-{Guid.NewGuid():N}");
        var notBpfFs = Assert.Throws<BpfException>(() => map.Pin(outside));
        Assert.Equal("EPERM", notBpfFs.ErrnoName);
        Assert.Contains("not inside a bpffs", notBpfFs.Message);

        var missing = Assert.Throws<BpfException>(() => BpfMap.OpenPinned(Path.Combine(fs.Path, "nothing")));
        Assert.Equal(("BPF_OBJ_GET", "ENOENT"), (missing.CommandName, missing.ErrnoName));
        Assert.Contains("nothing is pinned", missing.Message);
    }
}

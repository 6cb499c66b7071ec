using System.Text.Json;
using EbpfCat.Loader;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Builder;

/// <summary>Maps pinned in bpffs outlive the program that made them and are shared by other program objects and other processes.</summary>
public sealed class PinningTests
{
    static byte[] Ipv4Frame()
    {
        var frame = new byte[64];
        frame[12] = 0x08;
        return frame;
    }

    [Fact]
    public void Pinned_maps_are_reopened_by_another_object_read_by_bpftool_and_shared_by_a_second_program()
    {
        KernelRequirement.Require();
        using var bpffs = TemporaryBpfFs.Mount();
        using (var writer = new IpCount())
        {
            writer.Load(pinMapsIn: bpffs.Path);
            writer.TestRun(Ipv4Frame(), repeat: 3);
        } // the program is gone; its maps live on in their pins

        using var reader = new IpCount();
        reader.OpenPinnedMaps(bpffs.Path);
        Assert.Equal(3ul, reader.ipv4.Value);
        reader.other.Value = 40;

        // another process, with its own view of the same map
        var (code, output, error) = ExternalCommand.Run("bpftool", "-j", "map", "dump", "pinned", Path.Combine(bpffs.Path, "array"));
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var value = json.RootElement[0].GetProperty("value").EnumerateArray().Select(b => Convert.ToByte(b.GetString(), 16)).ToArray();
        Assert.Equal((3ul, 40ul), (BitConverter.ToUInt64(value, 0), BitConverter.ToUInt64(value, 8)));

        using var second = new IpCount();
        second.Load(pinMapsIn: bpffs.Path); // shares the pinned maps instead of making new ones
        second.TestRun(Ipv4Frame(), repeat: 2);
        Assert.Equal(5ul, reader.ipv4.Value);
        Assert.Equal(40ul, second.other.Value);
    }

    [Fact]
    public void A_pin_of_another_shape_is_refused_with_its_path()
    {
        KernelRequirement.Require();
        using var bpffs = TemporaryBpfFs.Mount();
        using (var counts = new Count()) counts.Load(pinMapsIn: bpffs.Path);
        File.Move(Path.Combine(bpffs.Path, "userspace"), Path.Combine(bpffs.Path, "array"));
        using var ipcount = new IpCount();
        var e = Assert.Throws<PinnedMapMismatchException>(() => ipcount.Load(pinMapsIn: bpffs.Path));
        Assert.Equal(Path.Combine(bpffs.Path, "array"), e.Path);
        Assert.Contains("Hash map", e.Message);
        Assert.False(ipcount.IsLoaded);
    }
}

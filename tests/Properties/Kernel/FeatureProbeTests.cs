using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Kernel;

public sealed class FeatureProbeTests
{
    const int MapLookupElem = 1, Redirect = 23, Unknown = 100_000;

    [Fact]
    public void This_kernel_accepts_isa_v4()
    {
        KernelRequirement.Require();
        Assert.Equal(4, KernelFeatures.IsaVersion);
    }

    [Theory]
    [InlineData(MapType.Hash)]
    [InlineData(MapType.Array)]
    [InlineData(MapType.PerCpuArray)]
    [InlineData(MapType.LpmTrie)]
    [InlineData(MapType.ArrayOfMaps)]
    [InlineData(MapType.Queue)]
    [InlineData(MapType.RingBuffer)]
    [InlineData(MapType.BloomFilter)]
    [InlineData(MapType.CgroupStorage)]
    [InlineData(MapType.Arena)]
    public void Map_types_of_this_kernel_are_supported(MapType type)
    {
        KernelRequirement.Require();
        Assert.True(KernelFeatures.SupportsMapType(type));
    }

    [Fact]
    public void An_unknown_map_type_is_not_supported()
    {
        KernelRequirement.Require();
        Assert.False(KernelFeatures.SupportsMapType((MapType)999));
    }

    [Theory]
    [InlineData(ProgramType.SocketFilter)]
    [InlineData(ProgramType.Xdp)]
    [InlineData(ProgramType.SchedCls)]
    [InlineData(ProgramType.Kprobe)]
    [InlineData(ProgramType.CgroupSockAddr)]
    [InlineData(ProgramType.SkLookup)]
    public void Program_types_of_this_kernel_are_supported(ProgramType type)
    {
        KernelRequirement.Require();
        Assert.True(KernelFeatures.SupportsProgramType(type));
    }

    [Fact]
    public void An_unknown_program_type_is_not_supported()
    {
        KernelRequirement.Require();
        Assert.False(KernelFeatures.SupportsProgramType((ProgramType)999));
    }

    [Fact]
    public void Helpers_are_probed_per_program_type()
    {
        KernelRequirement.Require();
        Assert.True(KernelFeatures.SupportsHelper(ProgramType.Xdp, MapLookupElem));
        Assert.True(KernelFeatures.SupportsHelper(ProgramType.SchedCls, Redirect));
        Assert.False(KernelFeatures.SupportsHelper(ProgramType.SocketFilter, Redirect));
        Assert.False(KernelFeatures.SupportsHelper(ProgramType.Xdp, Unknown));
    }
}

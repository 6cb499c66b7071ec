using EbpfCat.Isa;
using EbpfCat.Loader;
using Xunit;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Kernel;

public sealed class MapRelocatorTests
{
    public static TheoryData<Instruction, Instruction> Patches => new()
    {
        { Instruction.LoadMapFd(R1, 0), Instruction.LoadMapFd(R1, 42) },
        { Instruction.LoadMapValue(R2, 0, 24), Instruction.LoadMapValue(R2, 42, 24) },
        { Instruction.LoadPseudo(R3, PseudoSource.MapIndex, 1), Instruction.LoadMapFd(R3, 42) },
        { Instruction.LoadPseudo(R4, PseudoSource.MapIndexValue, 1, 8), Instruction.LoadMapValue(R4, 42, 8) },
    };

    [Theory]
    [MemberData(nameof(Patches))]
    public void A_relocated_map_load_carries_the_fd_and_keeps_the_offset(Instruction before, Instruction after)
    {
        var patched = MapRelocator.Apply([Instruction.Exit(), before], [new MapRelocation(1, 1)], [7, 42]);
        Assert.Equal([Instruction.Exit(), after], patched);
    }

    [Fact]
    public void Relocations_outside_the_program_or_the_maps_are_refused()
    {
        Instruction[] code = [Instruction.LoadMapFd(R1, 0), Instruction.Exit()];
        Assert.Contains("has 2 instructions", Assert.Throws<ArgumentException>(() => MapRelocator.Apply(code, [new MapRelocation(5, 0)], [3])).Message);
        Assert.Contains("map 1 does not exist", Assert.Throws<ArgumentException>(() => MapRelocator.Apply(code, [new MapRelocation(0, 1)], [3])).Message);
        Assert.Contains("not a map load", Assert.Throws<ArgumentException>(() => MapRelocator.Apply(code, [new MapRelocation(1, 0)], [3])).Message);
        Assert.Throws<ArgumentException>(() => MapRelocator.Apply([Instruction.LoadImm64(R1, 5)], [new MapRelocation(0, 0)], [3]));
    }

    [Fact]
    public void Only_unrelocated_index_loads_need_the_fd_array()
    {
        Assert.False(MapRelocator.NeedsFdArray([Instruction.LoadMapFd(R1, 3), Instruction.Exit()]));
        Assert.True(MapRelocator.NeedsFdArray([Instruction.LoadPseudo(R1, PseudoSource.MapIndexValue, 0), Instruction.Exit()]));
    }
}

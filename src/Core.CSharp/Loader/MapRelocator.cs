using EbpfCat.Isa;

namespace EbpfCat.Loader;

/// <summary>Writes map file descriptors into map-referencing instructions: the pure part of loading a program with maps.</summary>
internal static class MapRelocator
{
    /// <summary>A copy of <paramref name="instructions"/> with each relocation's map fd patched in.</summary>
    /// <exception cref="ArgumentException">A relocation points outside the program or the map list, or at an instruction that is not a map load.</exception>
    internal static Instruction[] Apply(ReadOnlySpan<Instruction> instructions, IReadOnlyList<MapRelocation> relocations, IReadOnlyList<int> mapFds)
    {
        var patched = instructions.ToArray();
        foreach (var (index, map) in relocations)
        {
            if ((uint)index >= (uint)patched.Length)
                throw new ArgumentException($"relocation of instruction {index}: the program has {patched.Length} instructions", nameof(relocations));
            if ((uint)map >= (uint)mapFds.Count)
                throw new ArgumentException($"relocation of instruction {index}: map {map} does not exist; {mapFds.Count} maps were given", nameof(relocations));
            var i = patched[index];
            var source = i.IsWide ? i.PseudoSource : PseudoSource.None;
            var target = source switch
            {
                PseudoSource.MapFd or PseudoSource.MapIndex => PseudoSource.MapFd,
                PseudoSource.MapValue or PseudoSource.MapIndexValue => PseudoSource.MapValue,
                _ => throw new ArgumentException($"relocation of instruction {index}: '{i}' is not a map load (lddw with a map pseudo source)", nameof(relocations)),
            };
            // The high half is the offset into the value for MapValue and zero for MapFd: keep it.
            patched[index] = i with { Source = (Register)target, Immediate = (i.Immediate & unchecked((long)0xffff_ffff_0000_0000)) | (uint)mapFds[map] };
        }
        return patched;
    }

    /// <summary>True when some instruction still names a map by index, so the kernel needs the fd array.</summary>
    internal static bool NeedsFdArray(ReadOnlySpan<Instruction> instructions)
    {
        foreach (var i in instructions)
            if (i.IsWide && i.PseudoSource is PseudoSource.MapIndex or PseudoSource.MapIndexValue) return true;
        return false;
    }
}

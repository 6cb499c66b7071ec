using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Maps;

namespace EbpfCat.Benchmarks.Compare;

/// <summary>One program ready for the kernel: its instructions, map relocations and the maps they point at.
/// Every row source produces this, so every row is measured by the same code.</summary>
public sealed class Candidate(Instruction[] instructions, IReadOnlyList<MapRelocation> relocations, IReadOnlyList<BpfMap> maps, IDisposable? owner = null) : IDisposable
{
    public Instruction[] Instructions { get; } = instructions;
    public IReadOnlyList<MapRelocation> Relocations { get; } = relocations;
    public IReadOnlyList<BpfMap> Maps { get; } = maps;
    public int Slots => InstructionEncoding.SlotCount(Instructions);

    /// <summary>BPF_PROG_LOAD of these instructions against the already-created maps.</summary>
    public BpfProgram Load(ProgramLoadOptions? options = null) => BpfProgram.Load(ProgramType.Xdp, Instructions, Relocations, Maps, options);

    public void Dispose()
    {
        if (owner is not null) owner.Dispose();
        else foreach (var map in Maps) map.Dispose();
    }
}

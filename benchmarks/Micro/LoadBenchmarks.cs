using BenchmarkDotNet.Attributes;
using EbpfCat.Benchmarks.Programs;
using EbpfCat.Emit;
using EbpfCat.Loader;
using EbpfCat.Maps;

namespace EbpfCat.Benchmarks.Micro;

/// <summary>BPF_PROG_LOAD (verifier included) of compiled reference programs whose maps already exist.</summary>

public class LoadBenchmarks
{
    [Params("count", "parse", "large")]
    public string Program { get; set; } = "count";

    LoadedProgram loaded = null!;
    List<BpfMap> maps = null!;
    List<MapRelocation> relocations = null!;
    CompiledProgram compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var source = Program switch { "count" => new CountXdp(), "parse" => (Xdp.XdpProgram)new ParseXdp(), _ => new LargeXdp() };
        compiled = source.Compile();
        loaded = LoadedProgram.Load(compiled, ProgramType.Xdp);
        maps = [.. compiled.Maps.Items.Select(d => loaded.Maps[d])];
        relocations = [.. compiled.MapReferences.Select(r => new MapRelocation(r.Index, compiled.Maps.Items.IndexOf(r.Map)))];
    }

    [Benchmark(Description = "BPF_PROG_LOAD")]
    public void Load()
    {
        using var p = BpfProgram.Load(ProgramType.Xdp, compiled.Instructions.Items.AsSpan(), relocations, maps);
    }

    [GlobalCleanup]
    public void Cleanup() => loaded.Dispose();
}

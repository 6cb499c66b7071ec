using EbpfCat.Backend.Llvm;
using EbpfCat.Benchmarks.Programs;
using EbpfCat.Emit;
using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Passes;

namespace EbpfCat.Benchmarks.Compare;

/// <summary>A (front end, back end) pair that turns a reference program into a <see cref="Candidate"/>: one row of the table per program.</summary>
public interface IRowSource
{
    string FrontEnd { get; }
    string BackEnd { get; }
    string Label => $"{FrontEnd}/{BackEnd}";
    Candidate Build(ReferenceProgram program);

    /// <summary>False when this front end has no twin of <paramref name="program"/> (no row is made).</summary>
    bool Covers(ReferenceProgram program) => true;
}

/// <summary>The rows of the comparison, clang first (the reference every ratio is taken against).</summary>
public static class RowSources
{
    public static IReadOnlyList<IRowSource> All(string workDirectory) =>
    [
        new ClangRows(workDirectory),
        new FrontEndRows(DirectCodeGenerator.Instance),
        new FrontEndRows(LlvmCodeGenerator.Instance),
        new FrontEndRows(DirectCodeGenerator.Instance, "F#", p => p.FSharp),
        new FrontEndRows(LlvmCodeGenerator.Instance, "F#", p => p.FSharp),
    ];

    /// <summary>The F# twins (benchmarks/Programs.FSharp) by program name.</summary>
    public static IReadOnlyDictionary<string, Func<EbpfCat.Xdp.XdpProgram>> FSharpTwins { get; } = new Dictionary<string, Func<EbpfCat.Xdp.XdpProgram>>
    {
        ["count"] = () => new Programs.FSharp.CountXdp(),
        ["ipcount"] = () => new Programs.FSharp.IpCountXdp(),
        ["fixed"] = () => new Programs.FSharp.FixedXdp(),
        ["parse"] = () => new Programs.FSharp.ParseXdp(),
        ["pressure"] = () => new Programs.FSharp.PressureXdp(),
        ["large"] = () => new Programs.FSharp.LargeXdp(),
        ["floor"] = () => new Programs.FSharp.FloorXdp(),
    };
}

/// <summary>The C twin compiled by clang-19 -O2 with globals in .bss/.data, each section an mmapable array map.</summary>
public sealed class ClangRows(string workDirectory) : IRowSource
{
    /// <summary>The CPU both sides compile for: v4 (our default ISA on this kernel) so neither lacks an instruction the other has.</summary>
    public const string Cpu = "v4";

    public string FrontEnd => "C";
    public string BackEnd => "clang-19 -O2";

    public Candidate Build(ReferenceProgram program)
    {
        var elf = ClangObject.Compile(program.CSource, Cpu, workDirectory);
        var maps = new List<BpfMap>();
        try
        {
            foreach (var g in elf.Globals)
            {
                var map = BpfMap.Create(MapType.Array, 4, Math.Max(g.Initial.Length, 1), 1, MapFlags.Mmapable, g.Name.TrimStart('.'));
                maps.Add(map);
                if (g.Initial.Any(b => b != 0)) map.Update(new byte[4], g.Initial);
            }
            return new Candidate(elf.Instructions, elf.Relocations, maps);
        }
        catch
        {
            foreach (var m in maps) m.Dispose();
            throw;
        }
    }
}

/// <summary>A program of one of our front ends (the C# builder by default; the F# ebpf { } with <paramref name="twin"/>
/// picking the F# twin) through one of our back ends, maps made by our loader.</summary>
public sealed class FrontEndRows(ICodeGenerator generator, string frontEnd = "C#", Func<ReferenceProgram, Func<EbpfCat.Xdp.XdpProgram>?>? twin = null) : IRowSource
{
    readonly Func<ReferenceProgram, Func<EbpfCat.Xdp.XdpProgram>?> twin = twin ?? (p => p.CSharp);

    public string FrontEnd => frontEnd;
    public string BackEnd => generator.Name;
    public ICodeGenerator Generator => generator;

    public bool Covers(ReferenceProgram program) => twin(program) is not null;

    public Candidate Build(ReferenceProgram program)
    {
        using var source = twin(program)!();
        var compiled = source.Compile(CompilerOptions.Default with { CodeGenerator = generator });
        var loaded = LoadedProgram.Load(compiled, ProgramType.Xdp);
        var maps = compiled.Maps.Items.Select(d => loaded.Maps[d]).ToList();
        var relocations = compiled.MapReferences.Select(r => new MapRelocation(r.Index, compiled.Maps.Items.IndexOf(r.Map))).ToList();
        return new Candidate([.. compiled.Instructions.Items], relocations, maps, loaded);
    }
}

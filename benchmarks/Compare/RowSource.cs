using EbpfCat.Benchmarks.Programs;
using EbpfCat.Loader;
using EbpfCat.Maps;

namespace EbpfCat.Benchmarks.Compare;

/// <summary>A (front end, back end) pair that turns a reference program into a <see cref="Candidate"/>: one row of the table per program.</summary>
public interface IRowSource
{
    string FrontEnd { get; }
    string BackEnd { get; }
    string Label => $"{FrontEnd}/{BackEnd}";
    Candidate Build(ReferenceProgram program);
}

/// <summary>The rows of the comparison, clang first (the reference every ratio is taken against).</summary>
/// <remarks>EXTENSION POINT: when the F# <c>ebpf { }</c> computation expression (issue 8) lands, add an
/// <c>FSharpRows</c> source whose Build compiles the program's F# twin (a <c>ReferenceProgram.FSharp</c> factory)
/// with the direct back end; when the LLVM back end (issue 10) lands, add a source that compiles
/// <see cref="ReferenceProgram.CSharp"/>'s IR with it. Each is one class of a few lines and one entry here.</remarks>
public static class RowSources
{
    public static IReadOnlyList<IRowSource> All(string workDirectory) =>
    [
        new ClangRows(workDirectory),
        new CSharpDirectRows(),
        // new FSharpDirectRows(),   issue 8: F# ebpf { } front end
        // new CSharpLlvmRows(),     issue 10: LLVM back end
    ];
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

/// <summary>The C# builder program through the direct back end (Compiler.Compile), maps made by our loader.</summary>
public sealed class CSharpDirectRows : IRowSource
{
    public string FrontEnd => "C#";
    public string BackEnd => "direct";

    public Candidate Build(ReferenceProgram program)
    {
        using var source = program.CSharp();
        var compiled = source.Compile();
        var loaded = LoadedProgram.Load(compiled, ProgramType.Xdp);
        var maps = compiled.Maps.Items.Select(d => loaded.Maps[d]).ToList();
        var relocations = compiled.MapReferences.Select(r => new MapRelocation(r.Index, compiled.Maps.Items.IndexOf(r.Map))).ToList();
        return new Candidate([.. compiled.Instructions.Items], relocations, maps, loaded);
    }
}

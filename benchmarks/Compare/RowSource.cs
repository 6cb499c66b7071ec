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
}

/// <summary>The rows of the comparison, clang first (the reference every ratio is taken against).</summary>
/// <remarks>EXTENSION POINT: an F# row needs each program's F# twin (a <c>ReferenceProgram.FSharp</c> factory)
/// compiled like <see cref="CSharpRows"/>; the F# front end gives the same IR, so the same bytes.</remarks>
public static class RowSources
{
    public static IReadOnlyList<IRowSource> All(string workDirectory) =>
    [
        new ClangRows(workDirectory),
        new CSharpRows(DirectCodeGenerator.Instance),
        new CSharpRows(LlvmCodeGenerator.Instance),
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

/// <summary>The C# builder program through one of our back ends, maps made by our loader.</summary>
public sealed class CSharpRows(ICodeGenerator generator) : IRowSource
{
    public string FrontEnd => "C#";
    public string BackEnd => generator.Name;
    public ICodeGenerator Generator => generator;

    public Candidate Build(ReferenceProgram program)
    {
        using var source = program.CSharp();
        var compiled = source.Compile(CompilerOptions.Default with { CodeGenerator = generator });
        var loaded = LoadedProgram.Load(compiled, ProgramType.Xdp);
        var maps = compiled.Maps.Items.Select(d => loaded.Maps[d]).ToList();
        var relocations = compiled.MapReferences.Select(r => new MapRelocation(r.Index, compiled.Maps.Items.IndexOf(r.Map))).ToList();
        return new Candidate([.. compiled.Instructions.Items], relocations, maps, loaded);
    }
}

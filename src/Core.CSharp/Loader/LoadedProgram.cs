using EbpfCat.Emit;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Maps;

namespace EbpfCat.Loader;

/// <summary>A compiled program in the kernel together with the maps it declared; disposing it releases the
/// program and every map (BPF_PROG_LOAD, BPF_MAP_CREATE; array maps are mmapable, kernel 5.5).</summary>
/// <remarks>When the verifier rejects the program, the <see cref="VerifierException"/> names the user's
/// source line of the failing instruction, found through the program's source map.</remarks>
/// <example><code>
/// using var loaded = LoadedProgram.Load(Compiler.Compile(program), ProgramType.Xdp);
/// var result = loaded.Program.TestRun(packet);
/// byte[]? value = loaded.Maps[globals].Lookup(new byte[4]);
/// </code></example>
public sealed class LoadedProgram : IDisposable
{
    LoadedProgram(CompiledProgram compiled, BpfProgram program, IReadOnlyDictionary<MapDeclaration, BpfMap> maps)
    {
        Compiled = compiled;
        Program = program;
        Maps = maps;
    }

    /// <summary>What was loaded: instructions, map references, source map.</summary>
    public CompiledProgram Compiled { get; }

    /// <summary>The kernel program.</summary>
    public BpfProgram Program { get; }

    /// <summary>The kernel map made for each declared map.</summary>
    public IReadOnlyDictionary<MapDeclaration, BpfMap> Maps { get; }

    /// <summary>Creates the maps and loads the program; on any failure everything created so far is released.</summary>
    /// <exception cref="VerifierException">The verifier rejected the program; <see cref="VerifierException.Location"/> says where in the user's source.</exception>
    /// <exception cref="BpfException">A map or the program could not be created.</exception>
    public static LoadedProgram Load(CompiledProgram compiled, ProgramType type, ProgramLoadOptions? options = null)
    {
        var maps = new List<BpfMap>();
        try
        {
            foreach (var declaration in compiled.Maps) maps.Add(CreateMap(declaration));
            foreach (var (declaration, map) in compiled.Maps.Zip(maps))
                if (declaration.HoldsVariables) AddEveryVariable(declaration, map);
            var relocations = compiled.MapReferences.Select(r => new MapRelocation(r.Index, compiled.Maps.Items.IndexOf(r.Map))).ToList();
            options = (options ?? ProgramLoadOptions.Default) with { License = compiled.License, Name = options?.Name ?? ObjectName.Sanitize(compiled.Name) };
            BpfProgram program;
            try
            {
                program = BpfProgram.Load(type, compiled.Instructions.Items.AsSpan(), relocations, maps, options);
            }
            catch (VerifierException e) when (e.InstructionIndex is int slot && compiled.LocationOf(slot) is { } location)
            {
                throw new VerifierException(e, location, InstructionAt(compiled, slot));
            }
            var byDeclaration = compiled.Maps.Select((d, i) => (d, maps[i])).ToDictionary(p => p.d, p => p.Item2);
            return new LoadedProgram(compiled, program, byDeclaration);
        }
        catch
        {
            foreach (var map in maps) map.Dispose();
            throw;
        }
    }

    /// <summary>The kernel map for a declared map kind: array maps are mmapable so user space shares their memory.</summary>
    static BpfMap CreateMap(MapDeclaration d) => d.Kind switch
    {
        MapKind.Array => BpfMap.Create(MapType.Array, d.KeySize, d.ValueSize, d.MaxEntries, MapFlags.Mmapable, ObjectName.Sanitize(d.Name)),
        MapKind.Hash => BpfMap.Create(MapType.Hash, d.KeySize, d.ValueSize, d.MaxEntries, MapFlags.None, ObjectName.Sanitize(d.Name)),
        MapKind.PerCpuArray => BpfMap.Create(MapType.PerCpuArray, d.KeySize, d.ValueSize, d.MaxEntries, MapFlags.None, ObjectName.Sanitize(d.Name)),
        _ => BpfMap.Create(MapType.PerCpuHash, d.KeySize, d.ValueSize, d.MaxEntries, MapFlags.None, ObjectName.Sanitize(d.Name)),
    };

    /// <summary>A hash map of variables holds one entry per variable (keys 0 to MaxEntries − 1) from the start,
    /// at 0, so that the program's atomic adds find their entry and never race to insert it.</summary>
    static void AddEveryVariable(MapDeclaration declaration, BpfMap map)
    {
        var zero = new byte[map.ValueBufferSize];
        for (int key = 0; key < declaration.MaxEntries; key++)
            map.Update(BitConverter.GetBytes(key).AsSpan(0, declaration.KeySize), zero, MapUpdateFlags.NoExist);
    }

    static string InstructionAt(CompiledProgram compiled, int slot)
    {
        int at = 0;
        foreach (var i in compiled.Instructions)
        {
            if (at == slot) return Disassembler.Format(i);
            at += i.Slots;
        }
        return "past the end";
    }

    /// <summary>Releases the program and its maps.</summary>
    public void Dispose()
    {
        Program.Dispose();
        foreach (var map in Maps.Values) map.Dispose();
    }
}

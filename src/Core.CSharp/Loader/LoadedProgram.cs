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
    /// <param name="compiled">The program and the maps it declares.</param>
    /// <param name="type">The kernel program type.</param>
    /// <param name="options">Load options (license and name come from the program).</param>
    /// <param name="pinDirectory">When given (a folder in a bpffs), each map is pinned there under its name, and a map
    /// already pinned there by an earlier load, in this or another process, is reused instead of created (BPF_OBJ_PIN / BPF_OBJ_GET, kernel 4.4).</param>
    /// <exception cref="VerifierException">The verifier rejected the program; <see cref="VerifierException.Location"/> says where in the user's source.</exception>
    /// <exception cref="BpfException">A map or the program could not be created.</exception>
    /// <exception cref="PinnedMapMismatchException">A map pinned there has another shape than the program declares.</exception>
    public static LoadedProgram Load(CompiledProgram compiled, ProgramType type, ProgramLoadOptions? options = null, string? pinDirectory = null)
    {
        var maps = new List<BpfMap>();
        try
        {
            foreach (var declaration in compiled.Maps) maps.Add(OpenOrCreateMap(declaration, pinDirectory));
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

    /// <summary>The maps of a compiled program as pinned in <paramref name="pinDirectory"/> by a program that loaded them,
    /// for user space to read and write without loading the program again (BPF_OBJ_GET).</summary>
    /// <exception cref="BpfException">A map is not pinned there (ENOENT) or has another shape.</exception>
    public static IReadOnlyDictionary<MapDeclaration, BpfMap> OpenPinnedMaps(CompiledProgram compiled, string pinDirectory)
    {
        var maps = new Dictionary<MapDeclaration, BpfMap>();
        try
        {
            foreach (var declaration in compiled.Maps) maps[declaration] = OpenPinned(declaration, PinPath(pinDirectory, declaration));
            return maps;
        }
        catch
        {
            foreach (var map in maps.Values) map.Dispose();
            throw;
        }
    }

    static string PinPath(string directory, MapDeclaration declaration) => Path.Combine(directory, ObjectName.Sanitize(declaration.Name));

    static BpfMap OpenOrCreateMap(MapDeclaration declaration, string? pinDirectory)
    {
        if (pinDirectory is not null && File.Exists(PinPath(pinDirectory, declaration)))
            return OpenPinned(declaration, PinPath(pinDirectory, declaration));
        var map = CreateMap(declaration);
        try
        {
            if (declaration.HoldsVariables) AddEveryVariable(declaration, map);
            if (pinDirectory is not null) map.Pin(PinPath(pinDirectory, declaration));
            return map;
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    static BpfMap OpenPinned(MapDeclaration declaration, string path)
    {
        var map = BpfMap.OpenPinned(path);
        var info = map.Info;
        if (info.Type != TypeOf(declaration.Kind) || info.KeySize != declaration.KeySize || info.ValueSize != declaration.ValueSize || info.MaxEntries != declaration.MaxEntries)
        {
            map.Dispose();
            throw new PinnedMapMismatchException(path, $"{path} is a {info.Type} map with key {info.KeySize}, value {info.ValueSize}, {info.MaxEntries} entries; '{declaration.Name}' needs {TypeOf(declaration.Kind)} with key {declaration.KeySize}, value {declaration.ValueSize}, {declaration.MaxEntries} entries; delete the pin to start afresh");
        }
        return map;
    }

    static MapType TypeOf(MapKind kind) => kind switch
    {
        MapKind.Array => MapType.Array,
        MapKind.Hash => MapType.Hash,
        MapKind.PerCpuArray => MapType.PerCpuArray,
        _ => MapType.PerCpuHash,
    };

    /// <summary>The kernel map for a declared map kind: array maps are mmapable so user space shares their memory.</summary>
    static BpfMap CreateMap(MapDeclaration d)
        => BpfMap.Create(TypeOf(d.Kind), d.KeySize, d.ValueSize, d.MaxEntries, d.Kind == MapKind.Array ? MapFlags.Mmapable : MapFlags.None, ObjectName.Sanitize(d.Name));

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

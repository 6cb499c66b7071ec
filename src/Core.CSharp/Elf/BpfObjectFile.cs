using System.Collections.Immutable;
using EbpfCat.Emit;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Maps;

namespace EbpfCat.Elf;

/// <summary>The contents of a BPF ELF object, free of ELF details: programs, maps and license. Read one with
/// <see cref="ElfObjectReader"/>, write one with <see cref="ElfObjectWriter"/>, load a program of it with <see cref="Load"/>.</summary>
/// <param name="License">The license the kernel checks helpers against (the <c>license</c> section).</param>
/// <param name="Programs">The programs, in section order.</param>
/// <param name="Maps">The maps the programs refer to by index.</param>
/// <example><code>
/// var file = ElfObjectReader.Read(File.ReadAllBytes("count.o"), "count.o");
/// using var loaded = file.Load("xdp");
/// Console.WriteLine(loaded.Program.TestRun(new byte[64]).ReturnValue);
/// </code></example>
public sealed record BpfObjectFile(string License, EquatableArray<BpfObjectProgram> Programs, EquatableArray<BpfObjectMap> Maps)
{
    /// <summary>A compiled EbpfCat program as an object: one program in <paramref name="section"/>; each array map read by direct
    /// value loads becomes a global data section <c>.data.NAME</c>, every other map a BTF-defined map in <c>.maps</c>.</summary>
    public static BpfObjectFile FromCompiled(CompiledProgram compiled, string section = "xdp")
    {
        var instructions = compiled.Instructions.Items.ToBuilder();
        var relocations = new List<MapRelocation>();
        var valueLoaded = compiled.MapReferences
            .Where(r => compiled.Instructions[r.Index].PseudoSource is PseudoSource.MapValue or PseudoSource.MapIndexValue)
            .Select(r => r.Map).ToHashSet();
        foreach (var reference in compiled.MapReferences)
        {
            var i = compiled.Instructions[reference.Index];
            instructions[reference.Index] = i.PseudoSource is PseudoSource.MapValue or PseudoSource.MapIndexValue
                ? Instruction.LoadMapValue(i.Destination, 0, (int)(i.Immediate >> 32))
                : Instruction.LoadMapFd(i.Destination, 0);
            relocations.Add(new MapRelocation(reference.Index, compiled.Maps.Items.IndexOf(reference.Map)));
        }
        var maps = compiled.Maps.Select(d => valueLoaded.Contains(d)
            ? new BpfObjectMap(".data." + d.Name, new MapDefinition(MapType.Array, 4, d.ValueSize, 1) { Flags = MapFlags.Mmapable, Name = d.Name }, BpfObjectMapStorage.GlobalData, new byte[d.ValueSize])
            : new BpfObjectMap(d.Name, new MapDefinition(MapTypeOf(d.Kind), d.KeySize, d.ValueSize, d.MaxEntries) { Name = d.Name }, BpfObjectMapStorage.BtfDefinition, []));
        var program = new BpfObjectProgram(section, ObjectName.Sanitize(compiled.Name), new(instructions.ToImmutable()), new([.. relocations]));
        return new BpfObjectFile(compiled.License, new([program]), new([.. maps]));
    }

    /// <summary>Plain instructions (assembled text, raw bytecode) as an object with one program and no maps: the program
    /// is called <paramref name="name"/> (made a valid kernel object name) and lies in <paramref name="section"/>.</summary>
    /// <param name="name">The program's function symbol, e.g. the source file's name.</param>
    /// <param name="instructions">The program; it may not load maps, since an object's maps come with it and these have none.</param>
    /// <param name="section">The code section, which names the program type (<c>xdp</c>, <c>tc</c>, <c>socket</c>, ...).</param>
    /// <param name="license">The license the kernel checks helpers against.</param>
    /// <exception cref="InvalidInstructionException">An instruction loads a map (by fd or index); its slot index is named.</exception>
    /// <example><code>
    /// var file = BpfObjectFile.FromInstructions("pass", [AluOperation.Mov.Imm(Register.R0, 2), Instruction.Exit()]);
    /// File.WriteAllBytes("pass.o", ElfObjectWriter.Write(file));
    /// </code></example>
    public static BpfObjectFile FromInstructions(string name, IReadOnlyList<Instruction> instructions, string section = "xdp", string license = "GPL")
    {
        int slot = 0;
        foreach (var i in instructions)
        {
            if (i.IsWide && i.PseudoSource is PseudoSource.MapFd or PseudoSource.MapValue or PseudoSource.MapIndex or PseudoSource.MapIndexValue)
                throw new InvalidInstructionException(slot, $"loads a map ({i.PseudoSource}), which an object without maps cannot relocate");
            slot += i.Slots;
        }
        var program = new BpfObjectProgram(section, ObjectName.Sanitize(name), new([.. instructions]), new([]));
        return new BpfObjectFile(license, new([program]), new([]));
    }

    static MapType MapTypeOf(MapKind kind) => kind switch
    {
        MapKind.Array => MapType.Array,
        MapKind.Hash => MapType.Hash,
        MapKind.PerCpuArray => MapType.PerCpuArray,
        _ => MapType.PerCpuHash,
    };

    /// <summary>The program named <paramref name="name"/> (its function symbol), or the first program of the section of that name.</summary>
    /// <exception cref="ElfFormatException">No program has that name or section.</exception>
    public BpfObjectProgram Find(string name)
        => Programs.FirstOrDefault(p => p.Name == name) ?? Programs.FirstOrDefault(p => p.Section == name)
           ?? throw new ElfFormatException("object", $"no program or section named '{name}'; it has {Describe()}");

    /// <summary>The programs as <c>section/name</c>, for messages.</summary>
    public string Describe() => Programs.Count == 0 ? "no programs" : string.Join(", ", Programs.Select(p => $"{p.Name} (section {p.Section})"));

    /// <summary>Creates the maps the program <paramref name="name"/> uses (global data written and, for <c>.rodata</c>, frozen)
    /// and loads it with the object's license (BPF_MAP_CREATE, BPF_PROG_LOAD); on failure everything made so far is released.</summary>
    /// <param name="name">A program's function name or section name; null for the only program.</param>
    /// <param name="type">The program type, or null for the one the section name stands for.</param>
    /// <exception cref="ElfFormatException">No such program, or its type cannot be told from the section.</exception>
    /// <exception cref="VerifierException">The verifier rejected the program.</exception>
    public LoadedObjectProgram Load(string? name = null, ProgramType? type = null)
    {
        var program = name is null
            ? Programs.Count == 1 ? Programs[0] : throw new ElfFormatException("object", $"name a program: it has {Describe()}")
            : Find(name);
        var programType = type ?? (program.Type != ProgramType.Unspecified ? program.Type
            : throw new ElfFormatException("object", $"section '{program.Section}' does not say the program type; give one"));
        var used = program.Relocations.Select(r => r.MapIndex).Distinct().Order().ToList();
        var created = new Dictionary<string, BpfMap>();
        try
        {
            foreach (var index in used)
            {
                var map = Maps[index];
                var kernelMap = BpfMap.Create(map.Definition with { Name = ObjectName.Sanitize(map.Definition.Name ?? map.Name) });
                created[map.Name] = kernelMap;
                if (map.Storage == BpfObjectMapStorage.GlobalData)
                {
                    kernelMap.Update(new byte[4], map.InitialValue);
                    if (map.IsReadOnly) kernelMap.Freeze();
                }
            }
            var relocations = program.Relocations.Select(r => r with { MapIndex = used.IndexOf(r.MapIndex) }).ToList();
            var fds = used.Select(i => created[Maps[i].Name]).ToList();
            var loaded = BpfProgram.Load(programType, program.Instructions.Items.AsSpan(), relocations, fds,
                new ProgramLoadOptions { License = License, Name = ObjectName.Sanitize(program.Name) });
            return new LoadedObjectProgram(program, loaded, created);
        }
        catch
        {
            foreach (var map in created.Values) map.Dispose();
            throw;
        }
    }
}

/// <summary>A program of a BPF object in the kernel, with the maps made for it; disposing releases them all.</summary>
/// <example><code>using var loaded = file.Load("xdp"); loaded.Program.Pin("/sys/fs/bpf/prog");</code></example>
public sealed class LoadedObjectProgram : IDisposable
{
    internal LoadedObjectProgram(BpfObjectProgram source, BpfProgram program, IReadOnlyDictionary<string, BpfMap> maps)
    {
        Source = source;
        Program = program;
        Maps = maps;
    }

    /// <summary>The program as the object has it.</summary>
    public BpfObjectProgram Source { get; }

    /// <summary>The kernel program.</summary>
    public BpfProgram Program { get; }

    /// <summary>The kernel maps made for the program, by their name in the object.</summary>
    public IReadOnlyDictionary<string, BpfMap> Maps { get; }

    /// <summary>Releases the program and its maps.</summary>
    public void Dispose()
    {
        Program.Dispose();
        foreach (var map in Maps.Values) map.Dispose();
    }
}

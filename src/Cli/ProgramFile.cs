using System.CommandLine;
using EbpfCat.Elf;
using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Maps;

namespace EbpfCat.Cli;

/// <summary>A program read from a file for <c>disasm</c>, <c>run</c>, <c>load</c> and <c>attach</c>: raw bytecode (8 bytes per
/// instruction slot) or a BPF ELF object (e.g. from clang), of which one program is chosen by function or section name.</summary>
/// <param name="FileName">The file's name, for messages and as the program's name when it has none.</param>
/// <param name="Instructions">The program's instructions (for an ELF program, map loads in the object's canonical form).</param>
/// <param name="Object">The ELF object, or null for raw bytecode.</param>
/// <param name="ObjectProgram">The chosen program of <paramref name="Object"/>, or null for raw bytecode.</param>
internal sealed record ProgramFile(string FileName, Instruction[] Instructions, BpfObjectFile? Object, BpfObjectProgram? ObjectProgram)
{
    /// <summary>Reads <paramref name="file"/>; <paramref name="section"/> picks a program of an ELF object (null: its only one).</summary>
    /// <exception cref="BytecodeFileException">Raw bytecode with an invalid instruction.</exception>
    /// <exception cref="ElfFormatException">A bad ELF object, no program of that name, or several and no name.</exception>
    public static ProgramFile Read(FileInfo file, string? section)
    {
        var bytes = CommandAction.ReadAllBytes(file);
        try
        {
            if (!ElfObjectReader.IsElf(bytes))
            {
                if (section is not null) throw new CommandException($"{file.Name}: --section is for ELF objects; this is raw bytecode");
                return new ProgramFile(file.Name, InstructionEncoding.Decode(bytes), null, null);
            }
            var elf = ElfObjectReader.Read(bytes, file.Name);
            var program = section is null
                ? elf.Programs.Count == 1 ? elf.Programs[0] : throw new ElfFormatException(file.Name, $"give --section: it has {elf.Describe()}")
                : elf.Programs.FirstOrDefault(p => p.Name == section) ?? elf.Programs.FirstOrDefault(p => p.Section == section)
                  ?? throw new ElfFormatException(file.Name, $"no program or section named '{section}'; it has {elf.Describe()}");
            return new ProgramFile(file.Name, [.. program.Instructions], elf, program);
        }
        catch (InvalidInstructionException e)
        {
            throw new BytecodeFileException(file.Name, e);
        }
    }

    /// <summary>Loads the program into the kernel (BPF_PROG_LOAD), with the maps of an ELF object created first (BPF_MAP_CREATE).
    /// The type is <paramref name="type"/>, else for an ELF program the one its section names, else XDP.</summary>
    /// <exception cref="VerifierException">The verifier rejected the program.</exception>
    public LoadedProgramFile Load(ProgramType? type)
    {
        if (Object is null || ObjectProgram is null)
        {
            var program = BpfProgram.Load(type ?? ProgramType.Xdp, Instructions, new ProgramLoadOptions { Name = Names.ObjectNameOf(FileName) });
            return new LoadedProgramFile(program, new Dictionary<string, BpfMap>(), null);
        }
        var chosen = type ?? (ObjectProgram.Type != ProgramType.Unspecified ? ObjectProgram.Type
            : throw new CommandException($"{FileName}: section '{ObjectProgram.Section}' does not say the program type; give --type"));
        var loaded = Object.Load(ObjectProgram.Name, chosen);
        return new LoadedProgramFile(loaded.Program, loaded.Maps, loaded);
    }
}

/// <summary>A program of a file in the kernel with the maps made for it; disposing closes this process's descriptors
/// (the kernel keeps what is pinned or attached).</summary>
internal sealed class LoadedProgramFile(BpfProgram program, IReadOnlyDictionary<string, BpfMap> maps, IDisposable? owner) : IDisposable
{
    public BpfProgram Program { get; } = program;

    /// <summary>The maps made for an ELF program, by their name in the object.</summary>
    public IReadOnlyDictionary<string, BpfMap> Maps { get; } = maps;

    public void Dispose()
    {
        if (owner is not null) owner.Dispose();
        else Program.Dispose();
    }
}

/// <summary>The FILE argument and the <c>--section</c> (and <c>--type</c>) options of the commands that read a program file:
/// one definition, so every command takes a program the same way.</summary>
internal sealed class ProgramFileOptions
{
    ProgramFileOptions(bool withType)
    {
        File = new Argument<FileInfo>("FILE") { Description = "Raw eBPF bytecode (8 bytes per instruction slot, little endian) or a BPF ELF object (e.g. from clang-19 -target bpf)." };
        Section = new Option<string?>("--section") { Description = "For an ELF object: the program (function or section name); default the only one.", HelpName = "NAME" };
        if (withType)
            Type = new Option<ProgramType?>("--type")
            {
                Description = "Program type: xdp, socket-filter, sched-cls, ... (default: the ELF section's type; xdp for raw bytecode).",
                CustomParser = r => ParseType(r.Tokens.Single().Value, r),
                HelpName = "TYPE",
            };
    }

    public Argument<FileInfo> File { get; }

    public Option<string?> Section { get; }

    /// <summary>The program type option, or null for commands that do not load (disasm).</summary>
    public Option<ProgramType?>? Type { get; }

    /// <summary>FILE and --section.</summary>
    public static ProgramFileOptions WithoutType() => new(false);

    /// <summary>FILE, --section and --type.</summary>
    public static ProgramFileOptions WithType() => new(true);

    /// <summary>Adds the argument and options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        command.Options.Add(Section);
        if (Type is not null) command.Options.Add(Type);
    }

    /// <summary>The program the command line names.</summary>
    public ProgramFile Read(ParseResult parsed) => ProgramFile.Read(parsed.GetRequiredValue(File), parsed.GetValue(Section));

    /// <summary>The program type the command line gives, or null.</summary>
    public ProgramType? TypeOf(ParseResult parsed) => Type is null ? null : parsed.GetValue(Type);

    static ProgramType? ParseType(string text, System.CommandLine.Parsing.ArgumentResult r)
    {
        if (Names.Parse<ProgramType>(text) is { } type && type != ProgramType.Unspecified) return type;
        r.AddError($"unknown program type '{text}'; use one of {string.Join(", ", Enum.GetValues<ProgramType>().Skip(1).Select(Names.Kebab))}");
        return null;
    }
}

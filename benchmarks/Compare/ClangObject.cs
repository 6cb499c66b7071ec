using System.Diagnostics;
using EbpfCat.Elf;
using EbpfCat.Isa;
using EbpfCat.Loader;

namespace EbpfCat.Benchmarks.Compare;

/// <summary>One global-variable section (.bss, .data) of a clang object: its size and initial bytes.</summary>
public sealed record GlobalSection(string Name, byte[] Initial);

/// <summary>An XDP program compiled by clang-19: its instructions, the relocations of its global-variable loads
/// (pointing into <see cref="Globals"/>), and the sections that become array maps.</summary>
/// <remarks>Read by the library's own ELF reader (<see cref="ElfObjectReader"/>), which is itself part of what the
/// comparison exercises: a clang object that our reader misreads would run differently from clang's intent.</remarks>
public sealed record ClangObject(Instruction[] Instructions, IReadOnlyList<MapRelocation> Relocations, IReadOnlyList<GlobalSection> Globals)
{
    /// <summary>Runs <c>clang-19 -O2 -target bpf -mcpu=<paramref name="cpu"/></c> on <paramref name="source"/> and reads the result.</summary>
    public static ClangObject Compile(string source, string cpu, string outputDirectory)
    {
        string output = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(source) + ".o");
        var start = new ProcessStartInfo("clang-19") { RedirectStandardError = true };
        foreach (var a in new[] { "-O2", "-target", "bpf", $"-mcpu={cpu}", "-I/usr/include/x86_64-linux-gnu", "-c", source, "-o", output })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("clang-19 did not start");
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"clang-19 failed on {source}:\n{errors}");
        return Read(File.ReadAllBytes(output), "xdp", Path.GetFileName(output));
    }

    /// <summary>Reads the program of the code section <paramref name="codeSection"/> and the global-data maps of the
    /// object <paramref name="fileName"/>.</summary>
    /// <exception cref="ElfFormatException">The object cannot be read, has no program in that section, or defines maps
    /// other than global data (the reference programs keep their variables in .bss/.data).</exception>
    public static ClangObject Read(byte[] elf, string codeSection, string fileName)
    {
        var file = ElfObjectReader.Read(elf, fileName);
        var program = file.Programs.FirstOrDefault(p => p.Section == codeSection)
            ?? throw new ElfFormatException(fileName, $"no program in section '{codeSection}' ({file.Describe()})");
        if (file.Maps.FirstOrDefault(m => m.Storage != BpfObjectMapStorage.GlobalData) is { } other)
            throw new ElfFormatException(fileName, $"map '{other.Name}' is not global data");
        return new ClangObject([.. program.Instructions], [.. program.Relocations], [.. file.Maps.Select(m => new GlobalSection(m.Name, m.InitialValue))]);
    }
}

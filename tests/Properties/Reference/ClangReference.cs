using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace EbpfCat.Properties.Reference;

/// <summary>The LLVM 19 tools as the reference: compiles C for BPF with clang-19, extracts a section's
/// bytes with llvm-objcopy-19 and reads llvm-objdump-19's text for them. Use it as a class fixture;
/// it owns a temporary directory and caches objects by source and CPU.</summary>
/// <remarks>Call <see cref="RequireTools"/> first in every test: it skips when the tools are missing,
/// or fails when EBPFCAT_REQUIRE_KERNEL=1 says they must be there.</remarks>
public sealed partial class ClangReference : IDisposable
{
    /// <summary>The commands this fixture runs.</summary>
    public static readonly string[] Tools = ["clang-19", "llvm-objdump-19", "llvm-objcopy-19", "llvm-mc-19"];

    readonly string directory = Directory.CreateTempSubdirectory("ebpfcat-clang-").FullName;
    readonly Dictionary<(string Source, string Cpu), string> objects = [];
    readonly Lock gate = new();
    int counter;

    /// <summary>True when every tool in <see cref="Tools"/> is on the PATH.</summary>
    public static bool IsInstalled { get; } = Tools.All(OnPath);

    /// <summary>Skips the calling test when the tools are missing (fails instead under EBPFCAT_REQUIRE_KERNEL=1).</summary>
    public static void RequireTools()
    {
        if (!IsInstalled) Prerequisite.Missing("clang-19 not installed: apt-get install clang-19 llvm-19");
    }

    /// <summary>Compiles C source with <c>clang-19 -O2 -target bpf -mcpu=<paramref name="cpu"/></c>; returns the object file.</summary>
    public string Compile(string source, string cpu)
    {
        lock (gate)
            if (objects.TryGetValue((source, cpu), out var cached)) return cached;
        string name = Path.Combine(directory, $"program{Interlocked.Increment(ref counter)}-{cpu}");
        File.WriteAllText(name + ".c", source);
        Run("clang-19", "-O2", "-target", "bpf", $"-mcpu={cpu}", "-I/usr/include/x86_64-linux-gnu", "-c", name + ".c", "-o", name + ".o");
        lock (gate) objects[(source, cpu)] = name + ".o";
        return name + ".o";
    }

    /// <summary>The names of the object's sections that hold code and are not empty.</summary>
    public IReadOnlyList<string> CodeSections(string objectFile) =>
        Run("llvm-objdump-19", "-h", objectFile).Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 5 && f[^1] == "TEXT" && Convert.ToInt64(f[2], 16) > 0)
            .Select(f => f[1])
            .ToList();

    /// <summary>The raw bytes of one section (<c>llvm-objcopy-19 -O binary --only-section</c>).</summary>
    public byte[] SectionBytes(string objectFile, string section)
    {
        string output = Path.Combine(directory, $"section{Interlocked.Increment(ref counter)}.bin");
        Run("llvm-objcopy-19", "-O", "binary", $"--only-section={section}", objectFile, output);
        return File.ReadAllBytes(output);
    }

    /// <summary>llvm-objdump-19's instruction lines for one section, without the leading tab, symbol
    /// lines or <c>&lt;symbol+offset&gt;</c> jump annotations; <paramref name="cpu"/> is passed as --mcpu.</summary>
    public IReadOnlyList<string> Disassembly(string objectFile, string section, string? cpu = null)
    {
        List<string> arguments = ["-d", "--no-show-raw-insn", "--no-leading-addr", $"--section={section}", objectFile];
        if (cpu is not null) arguments.Add($"--mcpu={cpu}");
        return InstructionLines(Run("llvm-objdump-19", [.. arguments]));
    }

    /// <summary>llvm-objdump-19's lines for raw bytecode (assembled as data with llvm-mc-19), as <see cref="Disassembly"/>.</summary>
    public IReadOnlyList<string> Disassembly(ReadOnlySpan<byte> code, string? cpu = null)
    {
        string name = Path.Combine(directory, $"bytes{Interlocked.Increment(ref counter)}");
        var assembly = new StringBuilder(".text\n");
        foreach (var b in code) assembly.Append($".byte 0x{b:x2}\n");
        File.WriteAllText(name + ".s", assembly.ToString());
        Run("llvm-mc-19", "-triple", "bpf", "-mcpu=v4", "-filetype=obj", name + ".s", "-o", name + ".o");
        return Disassembly(name + ".o", ".text", cpu);
    }

    static List<string> InstructionLines(string objdump) =>
        objdump.Split('\n')
            .Where(line => line.StartsWith('\t'))
            .Select(line => JumpAnnotation().Replace(line[1..], ""))
            .ToList();

    // llvm appends the jump target as " <symbol+0x..>"; symbol names have no spaces or angle brackets.
    [GeneratedRegex(@" <[^<> ]+>$")]
    private static partial Regex JumpAnnotation();

    static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stderr.Result}");
        return stdout;
    }

    static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));

    /// <summary>Deletes the temporary directory.</summary>
    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
    }
}

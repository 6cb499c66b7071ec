using System.Diagnostics;

namespace EbpfCat.Properties.AssemblerTests;

/// <summary>Runs the LLVM 19 tools installed on the machine (llvm-mc-19, llvm-objcopy-19).</summary>
static class LlvmTools
{
    /// <summary>The full path of a program found on PATH, or null.</summary>
    public static string? Find(string program) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, program))
        .FirstOrDefault(File.Exists);

    /// <summary>The .text bytes llvm-mc-19 assembles from <paramref name="source"/> for ISA v4.</summary>
    public static byte[] Assemble(string llvmMc, string llvmObjcopy, string source)
    {
        var dir = Directory.CreateTempSubdirectory("ebpfcat-llvm-mc-");
        try
        {
            var asm = Path.Combine(dir.FullName, "program.s");
            var obj = Path.Combine(dir.FullName, "program.o");
            var text = Path.Combine(dir.FullName, "program.bin");
            File.WriteAllText(asm, source);
            Run(llvmMc, "-triple", "bpf", "-mcpu=v4", "-filetype=obj", asm, "-o", obj);
            Run(llvmObjcopy, "-O", "binary", "--only-section=.text", obj, text);
            return File.ReadAllBytes(text);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {errors.Result}");
    }
}

using EbpfCat.FSharp;
using EbpfCat.Isa;
using Xunit;

namespace EbpfCat.Properties.Conformance;

/// <summary>The files of the bpf_conformance suite as test cases: their names as theory data, and each file's program
/// and expectation in the form every engine test needs.</summary>
public static class ConformanceSuite
{
    /// <summary>The one case the theories get when the suite's directory is missing, so that they report why.</summary>
    public const string Missing = "(conformance directory not found)";

    /// <summary>Every <c>.data</c> file's name, or <see cref="Missing"/> alone.</summary>
    public static TheoryData<string> Files()
    {
        var names = ConformanceFile.FileNames();
        return names.Count == 0 ? new TheoryData<string>(Missing) : new TheoryData<string>(names);
    }

    /// <summary>The file called <paramref name="name"/>; skips (or fails under EBPFCAT_REQUIRE_KERNEL=1) when the suite is absent.</summary>
    public static ConformanceFile Load(string name)
    {
        if (ConformanceFile.FindDirectory() is not { } directory)
        {
            var configured = Environment.GetEnvironmentVariable(ConformanceFile.DirectoryVariable);
            Prerequisite.Missing(string.IsNullOrEmpty(configured)
                ? $"the bpf_conformance tests are not at ../shared/conformance/tests beside the repository; set {ConformanceFile.DirectoryVariable} to their directory"
                : $"{ConformanceFile.DirectoryVariable}={configured} is not a directory with the bpf_conformance tests");
            throw new InvalidOperationException("unreachable");
        }
        return ConformanceFile.Load(Path.Combine(directory, name));
    }

    /// <summary>The file's program: its <c>-- raw</c> bytes when it pins them, otherwise its <c>-- asm</c> assembled.</summary>
    public static Instruction[] Program(ConformanceFile file)
        => file.Raw is { } raw ? InstructionEncoding.Decode(raw) : Assembler.AssembleUbpf(file.Asm, file.Name);

    /// <summary>True when the file says its program must not run: it has an <c>-- error</c> section. (Comments such as
    /// "Expected to fail" in the cmpxchg files speak of the comparison failing, not the program.)</summary>
    public static bool ExpectsFailure(ConformanceFile file) => file.Error is not null;
}

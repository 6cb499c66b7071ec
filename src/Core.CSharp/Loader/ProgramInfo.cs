using System.Collections.Immutable;

namespace EbpfCat.Loader;

/// <summary>What the kernel reports about a loaded program (BPF_OBJ_GET_INFO_BY_FD on a program, kernel 4.13).</summary>
/// <param name="Type">The program type.</param>
/// <param name="Id">The kernel-wide program id.</param>
/// <param name="Name">The name, or empty.</param>
/// <param name="Tag">The program's tag (a hash of its instructions) as 16 hex digits, as bpftool shows it.</param>
/// <param name="TranslatedInstructionCount">The number of 8-byte slots after the verifier's rewriting (xlated).</param>
/// <param name="JitedSize">The size of the JIT-compiled machine code in bytes, or 0 without JIT.</param>
/// <param name="MapIds">The ids of the maps the program uses.</param>
/// <param name="VerifiedInstructionCount">The instructions the verifier processed (kernel 5.16), or 0.</param>
/// <param name="GplCompatible">True when the license is GPL-compatible.</param>
/// <example><code>ProgramInfo info = program.Info; Console.WriteLine($"{info.Name} id {info.Id} tag {info.Tag}");</code></example>
public sealed record ProgramInfo(
    ProgramType Type,
    uint Id,
    string Name,
    string Tag,
    int TranslatedInstructionCount,
    int JitedSize,
    ImmutableArray<uint> MapIds,
    int VerifiedInstructionCount,
    bool GplCompatible);

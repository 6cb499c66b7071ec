using EbpfCat.Isa;

namespace EbpfCat.Passes;

/// <summary>What the compiler may assume about the target kernel, and what it should show.</summary>
/// <example><code>var options = CompilerOptions.Default with { Isa = IsaVersion.V2 };</code></example>
public sealed record CompilerOptions
{
    /// <summary>ISA v4, optimisations and checks on, the direct back end, no dumps.</summary>
    public static readonly CompilerOptions Default = new();

    /// <summary>The newest instruction set the code may use (default v4, kernel 6.6+).</summary>
    public IsaVersion Isa { get; init; } = IsaVersion.V4;

    /// <summary>When false, the optional optimisations are skipped: simplification (constant folding, dead code,
    /// jump threading at IR level) and the peephole clean-ups beyond removing unreachable code, which the verifier
    /// demands. The program means the same either way; differential tests compare both settings.</summary>
    public bool Optimize { get; init; } = true;

    /// <summary>When false, the bounds checks are skipped (for tests of the kernel's own rejection).</summary>
    public bool Checks { get; init; } = true;

    /// <summary>The back end that turns the checked program into instructions: the direct emitter by
    /// default; <c>EbpfCat.Backend.Llvm.LlvmCodeGenerator.Instance</c> for LLVM's BPF target.</summary>
    public Emit.ICodeGenerator CodeGenerator { get; init; } = Emit.DirectCodeGenerator.Instance;

    /// <summary>Receives the program's text after each pass, for debugging and tests.</summary>
    public Action<string, string>? Dump { get; init; }
}

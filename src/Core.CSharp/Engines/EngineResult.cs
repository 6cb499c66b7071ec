using System.Globalization;

namespace EbpfCat.Engines;

/// <summary>What one run of an <see cref="IExecutionEngine"/> produced: the full 64-bit r0 and the memory as the program
/// left it, or why the program did not run to its end.</summary>
/// <param name="Outcome">How the run ended.</param>
/// <param name="ReturnValue">r0 at the final <c>exit</c>; 0 unless <see cref="Outcome"/> is <see cref="EngineOutcome.Returned"/>.</param>
/// <param name="Memory">The memory block after the run; null when the run had none or did not return.</param>
/// <param name="Error">Why the program was rejected or faulted (for the kernel, the verifier's last meaningful lines); null when it returned.</param>
/// <example><code>
/// var result = new KernelEngine().Run(program, memory);
/// Console.WriteLine(result.Outcome == EngineOutcome.Returned ? $"r0 = {result.ReturnValue:x}" : result.Error);
/// </code></example>
public sealed record EngineResult(EngineOutcome Outcome, ulong ReturnValue, byte[]? Memory, string? Error)
{
    /// <summary>A run that reached <c>exit</c> with r0 = <paramref name="returnValue"/>.</summary>
    /// <example><code>var ok = EngineResult.Returned(0x11, memory: null);</code></example>
    public static EngineResult Returned(ulong returnValue, byte[]? memory) => new(EngineOutcome.Returned, returnValue, memory, null);

    /// <summary>A program refused before it ran, for <paramref name="reason"/>.</summary>
    /// <example><code>var no = EngineResult.Rejected("R2 !read_ok");</code></example>
    public static EngineResult Rejected(string reason) => new(EngineOutcome.Rejected, 0, null, reason);

    /// <summary>A program that failed while it ran, for <paramref name="reason"/>.</summary>
    /// <example><code>var bad = EngineResult.Faulted("instruction 3: out of bounds");</code></example>
    public static EngineResult Faulted(string reason) => new(EngineOutcome.Faulted, 0, null, reason);

    /// <summary>The kernel verifier's log when the engine asked for one (<see cref="KernelEngine.LogLevel"/>); null otherwise.</summary>
    public string? VerifierLog { get; init; }

    /// <summary>True when the program ran to <c>exit</c>.</summary>
    public bool Succeeded => Outcome == EngineOutcome.Returned;

    /// <summary><c>returned 0x…</c>, or the outcome and its reason.</summary>
    public override string ToString() => Succeeded
        ? string.Create(CultureInfo.InvariantCulture, $"returned 0x{ReturnValue:x}")
        : $"{Outcome.ToString().ToLowerInvariant()}: {Error}";
}

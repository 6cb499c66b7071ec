namespace EbpfCat.Engines;

/// <summary>How a run of an <see cref="IExecutionEngine"/> ended.</summary>
/// <example><code>if (engine.Run(program, memory).Outcome == EngineOutcome.Rejected) Console.WriteLine("refused");</code></example>
public enum EngineOutcome
{
    /// <summary>The program ran to an <c>exit</c> of its main function; r0 is in <see cref="EngineResult.ReturnValue"/>.</summary>
    Returned,
    /// <summary>The program was refused before it ran: the kernel verifier rejected it, or the interpreter's checks
    /// found it invalid (a bad encoding, a jump outside the program, a write to r10, ...).</summary>
    Rejected,
    /// <summary>The program started and failed while running (only the interpreter can tell: an out-of-bounds access,
    /// the step budget exhausted, an unknown helper). Verified kernel programs do not fault.</summary>
    Faulted,
}

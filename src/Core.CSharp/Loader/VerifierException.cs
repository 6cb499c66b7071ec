namespace EbpfCat.Loader;

/// <summary>The kernel verifier rejected a program (BPF_PROG_LOAD): carries the whole verifier log, a short
/// summary of its last meaningful lines and, when the log names it, the index of the failing instruction.</summary>
/// <example><code>
/// try { BpfProgram.Load(ProgramType.Xdp, [Instruction.Exit()]); }
/// catch (VerifierException e) { Console.Error.WriteLine($"instruction {e.InstructionIndex}: {e.Summary}"); }
/// </code></example>
public sealed class VerifierException : BpfException
{
    /// <summary>A rejection with errno <paramref name="errno"/> and the verifier's <paramref name="log"/>.</summary>
    public VerifierException(int errno, string log, bool truncated = false)
        : this(errno, log, truncated, null, null) { }

    /// <summary>A rejection whose failing instruction was traced back to the user's source through a source map.</summary>
    public VerifierException(VerifierException rejection, Ir.SourceLocation location, string instruction)
        : this(rejection.Errno, rejection.Log, rejection.IsTruncated, location, instruction) { }

    VerifierException(int errno, string log, bool truncated, Ir.SourceLocation? location, string? instruction)
        : base(BpfCommand.ProgramLoad, errno, Compose(errno, log, truncated, location, instruction))
    {
        Location = location;
        Log = log;
        Summary = VerifierLog.Summarize(log);
        InstructionIndex = VerifierLog.FailingInstruction(log);
        IsTruncated = truncated;
    }

    /// <summary>The user's source line that produced the failing instruction, when a source map was at hand.</summary>
    public Ir.SourceLocation? Location { get; }

    /// <summary>The verifier's whole log.</summary>
    public string Log { get; }

    /// <summary>The last meaningful lines of the log: usually the failing instruction and the reason.</summary>
    public string Summary { get; }

    /// <summary>The index (in 8-byte slots, as the kernel counts) of the instruction the verifier stopped at, when the log names one.</summary>
    public int? InstructionIndex { get; }

    /// <summary>True when the log exceeded the largest buffer the kernel accepts and its beginning is missing.</summary>
    public bool IsTruncated { get; }

    static string Compose(int errno, string log, bool truncated, Ir.SourceLocation? location, string? instruction)
    {
        var at = VerifierLog.FailingInstruction(log) is { } index ? $" at instruction {index}" : "";
        var what = instruction is null ? "" : $" ({instruction})";
        var where = location is null ? "" : $"{location}: ";
        var tail = truncated ? " (log truncated)" : "";
        return $"{where}the verifier rejected the program{at}{what} ({Loader.Errno.Name(errno)}){tail}:{Environment.NewLine}{VerifierLog.Summarize(log)}";
    }
}

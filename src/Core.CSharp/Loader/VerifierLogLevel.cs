namespace EbpfCat.Loader;

/// <summary>How much the verifier writes to its log during BPF_PROG_LOAD (<c>log_level</c>).</summary>
/// <remarks>The log of a rejected program is always captured; these levels ask for it on success too.</remarks>
/// <example><code>new ProgramLoadOptions { LogLevel = VerifierLogLevel.Basic | VerifierLogLevel.Statistics }</code></example>
[Flags]
public enum VerifierLogLevel : uint
{
    /// <summary>No log on success.</summary>
    None = 0,
    /// <summary>BPF_LOG_LEVEL1: the instructions the verifier walks and the verdict.</summary>
    Basic = 1,
    /// <summary>BPF_LOG_LEVEL2: also the register state at every instruction (large).</summary>
    Verbose = 2,
    /// <summary>BPF_LOG_STATS: statistics only, such as the number of processed instructions (kernel 5.2).</summary>
    Statistics = 4,
}

namespace EbpfCat.Loader;

/// <summary>What one BPF_PROG_TEST_RUN produced: the program's return value, the output data and context, and the mean run time.</summary>
/// <param name="ReturnValue">The program's return value (for XDP: 0 aborted, 1 drop, 2 pass, 3 tx, 4 redirect).</param>
/// <param name="Data">The data after the run, such as the rewritten packet.</param>
/// <param name="Context">The context after the run, or empty.</param>
/// <param name="DurationNanoseconds">The mean time of one run in nanoseconds, as the kernel measured it.</param>
/// <example><code>var r = program.TestRun(packet); Assert.Equal(2u, r.ReturnValue);</code></example>
public sealed record TestRunResult(uint ReturnValue, byte[] Data, byte[] Context, uint DurationNanoseconds)
{
    /// <summary>The mean time of one run.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(DurationNanoseconds / 100);
}

namespace EbpfCat.Loader;

/// <summary>Flags for BPF_PROG_TEST_RUN (<c>attr.test.flags</c>).</summary>
/// <example><code>new TestRunOptions { Flags = TestRunFlags.RunOnCpu, Cpu = 1 }</code></example>
[Flags]
public enum TestRunFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>BPF_F_TEST_RUN_ON_CPU: run on <see cref="TestRunOptions.Cpu"/> (raw tracepoints, kernel 5.10).</summary>
    RunOnCpu = 1u << 0,
    /// <summary>BPF_F_TEST_XDP_LIVE_FRAMES: send the XDP program's output for real (kernel 5.18).</summary>
    XdpLiveFrames = 1u << 1,
}

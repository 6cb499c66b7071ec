namespace EbpfCat.Loader;

/// <summary>The input of one BPF_PROG_TEST_RUN: packet data, context, repeat count and flags.</summary>
/// <example><code>
/// var result = program.TestRun(new TestRunOptions { Data = packet, Repeat = 1000 });
/// Console.WriteLine($"{result.ReturnValue} in {result.Duration.TotalNanoseconds} ns");
/// </code></example>
public sealed record TestRunOptions
{
    /// <summary>The packet (or other data) the program runs on; XDP and tc need at least an Ethernet header (14 bytes).</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Room for the output data; null means the input length plus 256 bytes (for programs that grow the packet).</summary>
    public int? DataOutSize { get; init; }

    /// <summary>The context passed in (such as <c>struct xdp_md</c> or <c>struct __sk_buff</c>; kernel 5.2), or empty.</summary>
    public ReadOnlyMemory<byte> Context { get; init; }

    /// <summary>Room for the output context; null means the input context's length.</summary>
    public int? ContextOutSize { get; init; }

    /// <summary>How many times to run; the duration is the mean over the runs. 0 and 1 both mean once.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Flags.</summary>
    public TestRunFlags Flags { get; init; }

    /// <summary>The CPU to run on, with <see cref="TestRunFlags.RunOnCpu"/>.</summary>
    public int Cpu { get; init; }

    /// <summary>Packets per batch with <see cref="TestRunFlags.XdpLiveFrames"/> (kernel 5.18), or 0 for the default.</summary>
    public int BatchSize { get; init; }
}

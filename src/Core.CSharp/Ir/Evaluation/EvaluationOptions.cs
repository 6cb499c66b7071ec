namespace EbpfCat.Ir.Evaluation;

/// <summary>A stand-in for a kernel helper: receives the how-manieth call of this helper in the run (0, 1, …) and the
/// arguments, returns r0. Stubs stay deterministic by depending on nothing else.</summary>
public delegate long HelperStub(int call, IReadOnlyList<long> arguments);

/// <summary>What the reference evaluator assumes about the world a program runs in: helper stubs by
/// helper number and the values of context fields by offset.</summary>
/// <example><code>
/// var options = EvaluationOptions.Default with { Helpers = new Dictionary&lt;int, HelperStub&gt; { [5] = (_, _) => 42 } };
/// IrEvaluator.Run(program, packet, maps, options);
/// </code></example>
public sealed record EvaluationOptions
{
    /// <summary>Deterministic stubs for bpf_ktime_get_ns (5), bpf_get_prandom_u32 (7) and
    /// bpf_get_smp_processor_id (8); the xdp_md fields ingress_ifindex, rx_queue_index and egress_ifindex read 0.</summary>
    public static readonly EvaluationOptions Default = new();

    /// <summary>Helper stubs by helper number; a call of any other helper is unsupported.</summary>
    public IReadOnlyDictionary<int, HelperStub> Helpers { get; init; } = new Dictionary<int, HelperStub>
    {
        [5] = (call, _) => 1_000_000_000L + 1000L * call,  // ktime: a clock advancing 1 µs per call
        [7] = (call, _) => (long)(uint)Mix(call),          // prandom: a fixed sequence of 32-bit values
        [8] = (_, _) => 0,                                 // smp_processor_id: CPU 0
    };

    /// <summary>Values of context fields by byte offset; the pointers data (0), data_end (4) and data_meta (8) are not values.</summary>
    public IReadOnlyDictionary<int, long> ContextFields { get; init; } = new Dictionary<int, long> { [12] = 0, [16] = 0, [20] = 0 };

    static ulong Mix(int call)
    {
        // splitmix64
        ulong z = unchecked((ulong)call * 0x9E3779B97F4A7C15UL + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}

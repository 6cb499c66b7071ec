namespace EbpfCat.Interpreter;

/// <summary>How a <see cref="BpfInterpreter"/> runs programs: the maps they may use, extra helpers, the step budget.</summary>
/// <example><code>
/// var options = new InterpreterOptions
/// {
///     Maps = [counts],
///     StepBudget = 10_000,
///     Helpers = new Dictionary&lt;int, InterpreterHelper&gt; { [14] = _ =&gt; 1234 },   // get_current_pid_tgid
/// };
/// </code></example>
public sealed record InterpreterOptions
{
    /// <summary>The default <see cref="StepBudget"/>: one million instructions.</summary>
    public const long DefaultStepBudget = 1_000_000;

    /// <summary>The most instructions one run may execute before it fails with <see cref="InterpreterFault.StepBudgetExceeded"/>.</summary>
    public long StepBudget { get; init; } = DefaultStepBudget;

    /// <summary>The maps programs can name: <c>lddw</c> with <see cref="Isa.PseudoSource.MapFd"/>/<see cref="Isa.PseudoSource.MapValue"/>
    /// by <see cref="InterpreterMap.Fd"/>, with <see cref="Isa.PseudoSource.MapIndex"/>/<see cref="Isa.PseudoSource.MapIndexValue"/> by position here.</summary>
    public IReadOnlyList<InterpreterMap> Maps { get; init; } = [];

    /// <summary>Helpers by number, added to (or replacing) the built-in ones: map_lookup_elem 1, map_update_elem 2,
    /// map_delete_elem 3, ktime_get_ns 5, trace_printk 6, get_prandom_u32 7, get_smp_processor_id 8, redirect 23.</summary>
    public IReadOnlyDictionary<int, InterpreterHelper> Helpers { get; init; } = new Dictionary<int, InterpreterHelper>();

    /// <summary>The clock of ktime_get_ns, in nanoseconds; by default a monotonic host clock.</summary>
    public Func<ulong>? Clock { get; init; }

    /// <summary>The seed of get_prandom_u32, for repeatable runs; by default a shared random source.</summary>
    public int? RandomSeed { get; init; }
}

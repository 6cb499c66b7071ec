namespace EbpfCat.Interpreter;

/// <summary>A simulated BPF_MAP_TYPE_PERCPU_HASH: a hash map with a separate value for each of <see cref="InterpreterMap.CpuCount"/> CPUs.</summary>
/// <remarks>An element a program creates holds its value on the run's CPU and zeros on the others, as in the kernel.</remarks>
/// <example><code>
/// var bytes = new InterpreterPerCpuHashMap("bytes", keySize: 4, valueSize: 8, maxEntries: 64, cpuCount: 2);
/// long[]? perCpu = bytes.LookupPerCpu&lt;uint, long&gt;(6);
/// </code></example>
public sealed class InterpreterPerCpuHashMap(string name, int keySize, int valueSize, int maxEntries, int cpuCount)
    : InterpreterHashMap(InterpreterMapKind.PerCpuHash, name, keySize, valueSize, maxEntries, cpuCount);

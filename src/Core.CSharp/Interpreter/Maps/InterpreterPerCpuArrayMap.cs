namespace EbpfCat.Interpreter;

/// <summary>A simulated BPF_MAP_TYPE_PERCPU_ARRAY: an array with a separate value for each of <see cref="InterpreterMap.CpuCount"/> CPUs.</summary>
/// <remarks>A program sees and changes only the value of the CPU its run is on (<see cref="BpfInterpreter.Run(byte[], int)"/>'s cpu).</remarks>
/// <example><code>
/// var packets = new InterpreterPerCpuArrayMap("packets", valueSize: 8, maxEntries: 1, cpuCount: 4);
/// long total = packets.LookupPerCpu&lt;uint, long&gt;(0)!.Sum();
/// </code></example>
public sealed class InterpreterPerCpuArrayMap(string name, int valueSize, int maxEntries, int cpuCount)
    : InterpreterArrayMap(InterpreterMapKind.PerCpuArray, name, valueSize, maxEntries, cpuCount);

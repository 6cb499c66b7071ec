using System.Runtime.CompilerServices;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>A variable in a per-CPU array map (BPF_MAP_TYPE_PERCPU_ARRAY): each CPU has its own copy, so
/// the program never contends; user space sees every CPU's value and their sum.</summary>
/// <example><code>
/// public PerCpuArrayVariable&lt;ulong&gt; Packets = new();
/// // user space: ulong total = program.Packets.Sum; ulong[] each = program.Packets.PerCpu;
/// </code></example>
public sealed class PerCpuArrayVariable<T> : MapVariableBase where T : unmanaged
{
    /// <summary>A variable in the per-CPU array map named <paramref name="map"/> (default "percpu").</summary>
    public PerCpuArrayVariable(string? map = null, [CallerMemberName] string name = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        : base(MapKind.PerCpuArray, Format<T>.Require(name, CallSite.Of(file, line)), map, name, file, line) { }

    /// <summary>Each possible CPU's value, read from the kernel.</summary>
    public T[] PerCpu
    {
        get
        {
            var (map, variable) = Live();
            var bytes = map.Lookup(new byte[4])!;
            var values = new T[bytes.Length / map.ValueStride];
            for (int cpu = 0; cpu < values.Length; cpu++)
                values[cpu] = Format<T>.Read(bytes.AsSpan(cpu * map.ValueStride + variable.Offset, Type.Size));
            return values;
        }
    }

    /// <summary>The sum over all CPUs (for fixed point, of the doubles).</summary>
    public T Sum => Format<T>.FromRaw(PerCpu.Sum(Format<T>.ToRaw));

    private protected override void AddFromUserSpace(Expression value)
        => throw new InvalidOperationException($"{Declared}: '{Name}' has one copy per CPU; user space reads PerCpu and Sum");

    private protected override string FormatLive() => Sum.ToString() ?? "";
}

using EbpfCat.Interpreter.Memory;

namespace EbpfCat.Interpreter;

/// <summary>What a helper sees of the run that called it: the arguments r1–r5, the program's memory (checked
/// like the program's own accesses), the maps, the CPU and the trace output.</summary>
/// <remarks>One context belongs to one run; do not keep it after the helper returns.</remarks>
/// <example><code>
/// // A helper that sums the first <c>r2</c> bytes at <c>r1</c>.
/// InterpreterHelper sum = context =&gt;
/// {
///     ulong total = 0;
///     foreach (byte b in context.Read(context.Argument(1), (int)context.Argument(2))) total += b;
///     return total;
/// };
/// </code></example>
public sealed class HelperContext
{
    readonly IReadOnlyList<InterpreterMap> maps;
    readonly Func<ulong> clock;
    readonly Random random;
    List<string>? trace;
    internal ulong R1, R2, R3, R4, R5;

    internal HelperContext(AddressSpace space, IReadOnlyList<InterpreterMap> maps, int cpu, Func<ulong> clock, Random random, bool xdp)
    {
        Space = space;
        this.maps = maps;
        Cpu = cpu;
        this.clock = clock;
        this.random = random;
        XdpContextTag = !xdp ? ulong.MaxValue : AddressSpace.BaseOf(AddressSpace.ContextRegion) >> 32;
    }

    internal AddressSpace Space { get; }

    /// <summary>The tag of the XDP context region, or a value no address has when the run is not XDP.</summary>
    internal ulong XdpContextTag { get; }

    /// <summary>The index of the <c>call</c> instruction being executed.</summary>
    public int InstructionIndex { get; internal set; }

    /// <summary>The CPU this run is on (what get_smp_processor_id returns and which per-CPU values it sees).</summary>
    public int Cpu { get; }

    /// <summary>The maps of the interpreter.</summary>
    public IReadOnlyList<InterpreterMap> Maps => maps;

    /// <summary>The interface index given to bpf_redirect, if any.</summary>
    public int? RedirectIfindex { get; set; }

    internal IReadOnlyList<string> TraceLines => trace ?? (IReadOnlyList<string>)[];

    /// <summary>Argument register <paramref name="number"/> (1 to 5).</summary>
    public ulong Argument(int number) => number switch
    {
        1 => R1,
        2 => R2,
        3 => R3,
        4 => R4,
        5 => R5,
        _ => throw new ArgumentOutOfRangeException(nameof(number), number, "helpers take arguments in r1 to r5"),
    };

    /// <summary>The <paramref name="length"/> bytes at <paramref name="address"/>; a fault of the run when they are not all readable.</summary>
    public ReadOnlySpan<byte> Read(ulong address, int length) => Space.Span(address, length, write: false, InstructionIndex);

    /// <summary>The <paramref name="length"/> bytes at <paramref name="address"/> for writing; a fault of the run when they are not all writable.</summary>
    public Span<byte> Write(ulong address, int length) => Space.Span(address, length, write: true, InstructionIndex);

    /// <summary>The NUL-terminated string at <paramref name="address"/>, at most <paramref name="maxLength"/> bytes, read as UTF-8.</summary>
    public string ReadString(ulong address, int maxLength = 256)
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < maxLength; i++)
        {
            byte b = Read(address + (ulong)i, 1)[0];
            if (b == 0) break;
            text.Append((char)b);
        }
        return text.ToString();
    }

    /// <summary>The map a map handle (the value of <c>lddw rN, map</c>) names; a fault of the run when it is not one.</summary>
    public InterpreterMap Map(ulong handle) => maps[MapIndex(handle)];

    /// <summary>Appends a line to the run's trace output (what trace_printk prints).</summary>
    public void Trace(string line) => (trace ??= []).Add(line);

    /// <summary>Ends the run with a fault that blames the helper's arguments.</summary>
    public InterpreterException Fail(string reason) => new(InterpreterFault.BadHelperArgument, InstructionIndex, reason);

    /// <summary>The clock of ktime_get_ns.</summary>
    public ulong NowNanoseconds() => clock();

    /// <summary>A pseudo-random 32-bit number (get_prandom_u32).</summary>
    public uint NextRandom() => (uint)random.NextInt64(0, 1L << 32);

    /// <summary>The address at which <paramref name="offset"/> of the map with handle <paramref name="handle"/>'s values is seen by the program.</summary>
    internal ulong ValueAddress(ulong handle, long offset) => AddressSpace.BaseOf(AddressSpace.FirstMapRegion + MapIndex(handle)) + (ulong)offset;

    int MapIndex(ulong handle)
    {
        if (handle >> 32 != AddressSpace.MapHandleTag || (uint)handle >= (uint)maps.Count)
            throw Fail($"0x{handle:x} is not a map (use lddw with a map pseudo source)");
        return (int)(uint)handle;
    }

    /// <summary>What a 32-bit load from the XDP context yields at <paramref name="offset"/> (0, 4 or 8: data, data_end,
    /// data_meta), as the kernel's context rewriting makes it: a 64-bit packet pointer.</summary>
    internal ulong XdpPointer(uint offset)
    {
        ulong data = AddressSpace.BaseOf(AddressSpace.DataRegion);
        return offset == 4 ? data + Space.Regions[AddressSpace.DataRegion].High : data;
    }
}

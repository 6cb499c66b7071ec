using System.Diagnostics;
using EbpfCat.Interpreter.Execution;
using EbpfCat.Interpreter.Memory;
using EbpfCat.Isa;

namespace EbpfCat.Interpreter;

/// <summary>Runs eBPF bytecode in user space with the Linux kernel's semantics for every instruction of ISA
/// v1–v4, simulated maps and helpers, and memory safety: a bad program ends with an <see cref="InterpreterException"/>,
/// never with a crash.</summary>
/// <remarks>
/// <para>The program is checked and decoded once; every run then starts afresh with zeroed registers and stack.
/// Runs may happen concurrently; they share only the maps.</para>
/// <para><b>Addresses.</b> Pointers are 64-bit values into regions the interpreter places at 4 GiB-aligned bases:
/// the stack at 0x1000_0000_0000 (r10 = 0x1000_0000_1000 in the main function; each local call gets the next
/// 512-byte frame below), the XDP context at 0x1001_0000_0000, the memory block or packet at 0x1002_0000_0000
/// and the values of map <c>i</c> of <see cref="InterpreterOptions.Maps"/> at (0x1003 + i) &lt;&lt; 32. Map handles
/// (0x2000_0000_0000 + i) and function pointers (0x3000_0000_0000 + instruction index) cannot be dereferenced.</para>
/// <para><b>Calls.</b> <c>call N</c> calls helper N; <c>call local</c> calls a function with r6–r9 preserved and a
/// fresh 512-byte frame (at most 8 frames deep); <c>callx rN</c> calls the function whose pointer rN holds, or, when
/// rN holds a plain number, the helper with that number (the convention of the bpf_conformance suite).</para>
/// </remarks>
/// <example><code>
/// Instruction[] program =
/// [
///     Instruction.Load(AccessSize.Byte, Register.R0, Register.R1, 2),   // r0 = *(u8 *)(r1 + 2)
///     Instruction.Exit(),
/// ];
/// var result = BpfInterpreter.Run(program, memory: [0xaa, 0xbb, 0x11]);   // result.ReturnValue == 0x11
/// </code></example>
public sealed class BpfInterpreter
{
    static readonly Stopwatch Clock = Stopwatch.StartNew();

    [ThreadStatic]
    static byte[]? spareStack;

    readonly Instruction[] program;
    readonly DecodedInstruction[] code;
    readonly InterpreterHelper?[] helpers;

    /// <summary>Checks and decodes <paramref name="program"/> for running.</summary>
    /// <exception cref="InterpreterException">The program is invalid, or uses a map, pseudo source or instruction
    /// the interpreter cannot provide (<see cref="InterpreterFault.InvalidProgram"/>, with the instruction index).</exception>
    public BpfInterpreter(ReadOnlySpan<Instruction> program, InterpreterOptions? options = null)
    {
        Options = options ?? new InterpreterOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.StepBudget, nameof(options));
        this.program = program.ToArray();
        code = ProgramDecoder.Decode(program, Options.Maps);
        helpers = HelperTable(Options.Helpers);
    }

    /// <summary>Decodes bytecode (8-byte slots, little endian) and prepares it for running.</summary>
    /// <exception cref="InvalidInstructionException">The bytes are not valid eBPF instructions.</exception>
    /// <exception cref="InterpreterException">The program cannot be run (see the other constructor).</exception>
    public BpfInterpreter(ReadOnlySpan<byte> bytecode, InterpreterOptions? options = null)
        : this(InstructionEncoding.Decode(bytecode), options) { }

    /// <summary>The program, as given.</summary>
    public IReadOnlyList<Instruction> Program => program;

    /// <summary>The maps, helpers and limits of the runs.</summary>
    public InterpreterOptions Options { get; }

    /// <summary>Runs <paramref name="program"/> once with a memory block, the convention of the bpf_conformance
    /// suite: r1 points to a copy of <paramref name="memory"/> (0 when there is none) and r2 holds its length.</summary>
    /// <example><code>ulong r0 = BpfInterpreter.Run(program, [1, 2, 3, 4]).ReturnValue;</code></example>
    public static InterpreterResult Run(ReadOnlySpan<Instruction> program, byte[]? memory, InterpreterOptions? options = null)
        => new BpfInterpreter(program, options).Run(memory);

    /// <summary>Decodes <paramref name="bytecode"/> and runs it once like <see cref="Run(ReadOnlySpan{Instruction}, byte[], InterpreterOptions)"/>.</summary>
    /// <example><code>ulong r0 = BpfInterpreter.Run(File.ReadAllBytes("prog.bin"), memory: null).ReturnValue;</code></example>
    public static InterpreterResult Run(ReadOnlySpan<byte> bytecode, byte[]? memory, InterpreterOptions? options = null)
        => new BpfInterpreter(bytecode, options).Run(memory);

    /// <summary>Runs the program with a memory block: r1 points to a writable copy of <paramref name="memory"/>
    /// (0 when there is none), r2 holds its length; the copy as the program left it is in the result.</summary>
    /// <param name="memory">The memory block, or null.</param>
    /// <param name="cpu">The CPU the run is on (get_smp_processor_id, per-CPU map values).</param>
    /// <exception cref="InterpreterException">The program faulted: out-of-bounds access, unknown helper, step budget, ...</exception>
    /// <example><code>var result = interpreter.Run(new byte[] { 0, 0, 0, 1 });</code></example>
    public InterpreterResult Run(byte[]? memory = null, int cpu = 0)
    {
        var data = memory is null ? [] : (byte[])memory.Clone();
        ulong r1 = memory is null ? 0 : AddressSpace.BaseOf(AddressSpace.DataRegion);
        return Execute(new Region("context", [], writable: false), new Region("memory", data, writable: true), cpu, xdp: false, r1, (ulong)data.Length);
    }

    /// <summary>Runs the program as XDP does for BPF_PROG_TEST_RUN: r1 points to a read-only <c>struct xdp_md</c>
    /// whose data, data_end and data_meta load as pointers to a writable copy of <paramref name="packet"/>; the result
    /// holds the action in <see cref="InterpreterResult.ReturnValue"/> and the packet as the program left it.</summary>
    /// <param name="packet">The packet, from the Ethernet header on.</param>
    /// <param name="fields">The other xdp_md fields (ingress ifindex, rx queue); defaults when null.</param>
    /// <param name="cpu">The CPU the run is on.</param>
    /// <exception cref="InterpreterException">The program faulted, e.g. read past data_end.</exception>
    /// <example><code>
    /// var result = interpreter.RunXdp(packet);
    /// bool passed = result.ReturnValue == 2;   // XDP_PASS
    /// </code></example>
    public InterpreterResult RunXdp(byte[] packet, XdpContextFields? fields = null, int cpu = 0)
    {
        ArgumentNullException.ThrowIfNull(packet);
        fields ??= new XdpContextFields();
        var context = new byte[24];
        // data, data_end and data_meta (offsets 0, 4, 8) are produced on load; their bytes are never read.
        BitConverter.TryWriteBytes(context.AsSpan(12), fields.IngressIfindex);
        BitConverter.TryWriteBytes(context.AsSpan(16), fields.RxQueueIndex);
        BitConverter.TryWriteBytes(context.AsSpan(20), fields.EgressIfindex);
        // Narrow or misaligned loads of the pointer fields are rejected by the kernel; here they fault.
        var contextRegion = new Region("xdp_md context", context, writable: false) { Low = 12 };
        var packetRegion = new Region("packet", (byte[])packet.Clone(), writable: true);
        return Execute(contextRegion, packetRegion, cpu, xdp: true, AddressSpace.BaseOf(AddressSpace.ContextRegion), 0);
    }

    InterpreterResult Execute(Region context, Region data, int cpu, bool xdp, ulong r1, ulong r2)
    {
        var maps = Options.Maps;
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        for (int m = 0; m < maps.Count; m++)
            if (maps[m].IsPerCpu && cpu >= maps[m].CpuCount)
                throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"map '{maps[m].Name}' has only {maps[m].CpuCount} CPUs");
        // The stack buffer is reused by the runs of a thread: only the main frame must start zeroed, because a
        // callee's frame is zeroed when it is entered and nothing below the current frame is reachable.
        var stack = spareStack ?? new byte[Executor.StackSize];
        spareStack = null;
        stack.AsSpan(Executor.StackSize - Executor.FrameSize).Clear();
        try
        {
            var regions = new Region[AddressSpace.FirstMapRegion + maps.Count];
            regions[AddressSpace.StackRegion] = new Region("stack", stack, writable: true);
            regions[AddressSpace.ContextRegion] = context;
            regions[AddressSpace.DataRegion] = data;
            for (int m = 0; m < maps.Count; m++) regions[AddressSpace.FirstMapRegion + m] = maps[m].Region;
            var random = Options.RandomSeed is { } seed ? new Random(seed) : Random.Shared;
            var state = new HelperContext(new AddressSpace(regions), maps, cpu, Options.Clock ?? DefaultClock, random, xdp);
            ulong r0 = Executor.Execute(code, helpers, state, r1, r2, Options.StepBudget, out long steps);
            return new InterpreterResult(r0, xdp || r1 != 0 ? data.Data : null, steps, state.TraceLines, state.RedirectIfindex);
        }
        finally
        {
            spareStack = stack;
        }
    }

    static ulong DefaultClock() => (ulong)(Clock.ElapsedTicks * (1_000_000_000.0 / Stopwatch.Frequency));

    static InterpreterHelper?[] HelperTable(IReadOnlyDictionary<int, InterpreterHelper> extra)
    {
        var all = new Dictionary<int, InterpreterHelper>(BuiltInHelpers.All);
        foreach (var (number, helper) in extra)
        {
            // Helper numbers are small in the kernel (under 300); a table indexed by number keeps calls cheap.
            if (number is < 0 or > ushort.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(extra), number, "helper numbers go from 0 to 65535");
            all[number] = helper ?? throw new ArgumentNullException(nameof(extra), $"helper {number} is null");
        }
        var table = new InterpreterHelper?[all.Keys.Max() + 1];
        foreach (var (number, helper) in all) table[number] = helper;
        return table;
    }
}

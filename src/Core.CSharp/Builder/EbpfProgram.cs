using System.Runtime.CompilerServices;
using EbpfCat.Emit;
using EbpfCat.Ir;
using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Passes;

namespace EbpfCat.Builder;

/// <summary>An eBPF program written in C#: declare map variables as fields, write the program in
/// <see cref="Build"/>, then <see cref="Load"/> it; afterwards the same fields read and write the live
/// values from user space. Disposing releases the kernel program and its maps.</summary>
/// <remarks>
/// <see cref="Build"/> runs once, on the host, and only records what the program does: C# <c>for</c>
/// loops over values known while building repeat their body; <c>If(...)</c> is the program's if.
/// </remarks>
/// <example><code>
/// public sealed class Count : XdpProgram
/// {
///     public HashVariable&lt;ulong&gt; Packets = new();
///     protected override void Build() { Packets += 1; Exit(XdpAction.Pass); }
/// }
///
/// using var count = new Count();
/// count.Load();
/// count.TestRun(new byte[64], repeat: 10);
/// Console.WriteLine(count.Packets.Value); // 10
/// </code></example>
public abstract class EbpfProgram : IDisposable
{
    IrProgram? ir;
    MapLayout? layout;
    LoadedProgram? loaded;
    IReadOnlyDictionary<MapDeclaration, BpfMap>? openedMaps;
    readonly Dictionary<BpfMap, MappedMemory> mapped = [];
    readonly SourceLocation declared;

    /// <summary>A program of kernel type <paramref name="type"/>.</summary>
    protected EbpfProgram(ProgramType type, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        Type = type;
        declared = CallSite.Of(file, line);
    }

    /// <summary>The kernel program type.</summary>
    public ProgramType Type { get; }

    /// <summary>The license the kernel is told (default GPL, which GPL-only helpers need).</summary>
    public virtual string License => "GPL";

    /// <summary>The program's name in the kernel (at most 15 characters are kept).</summary>
    public virtual string Name => GetType().Name;

    /// <summary>The value returned when the program ends without an explicit <see cref="Exit"/>.</summary>
    protected virtual long DefaultExitCode => 0;

    /// <summary>The body as the program type wants it (e.g. behind a minimum-size check).</summary>
    private protected virtual Block Wrap(Block body, SourceLocation at) => body;

    /// <summary>Records the program: runs once, on the host.</summary>
    protected abstract void Build();

    /// <summary>The program as IR (built on first use).</summary>
    public IrProgram ToIr()
    {
        if (ir is not null) return ir;
        var (body, built) = BuildContext.Run(this, Build, declared);
        var withExit = new Block([.. Wrap(body, declared).Statements, new Ir.Exit(new Constant(DefaultExitCode, IrType.I64, declared), declared)], declared);
        layout = built;
        return ir = built.Complete(new IrProgram(Name, License, [], withExit));
    }

    /// <summary>The program compiled to instructions, map references and a source map.</summary>
    /// <exception cref="Diagnostics.CompilationException">The program has errors; each names its C# file and line.</exception>
    public CompiledProgram Compile(CompilerOptions? options = null) => Compiler.Compile(ToIr(), options);

    /// <summary>Compiles the program, creates its maps and loads it into the kernel (BPF_PROG_LOAD).</summary>
    /// <param name="compilerOptions">Compiler options (ISA version, checks, dumps).</param>
    /// <param name="loadOptions">Kernel load options.</param>
    /// <param name="pinMapsIn">A folder in a bpffs: the maps are pinned there by name, and maps already pinned there
    /// (by an earlier run or another process) are shared instead of created.</param>
    /// <exception cref="VerifierException">The verifier rejected it; the message names the C# line of the failing instruction.</exception>
    public EbpfProgram Load(CompilerOptions? compilerOptions = null, ProgramLoadOptions? loadOptions = null, string? pinMapsIn = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (LiveMaps is not null) throw new InvalidOperationException($"{Name} is already loaded");
        loaded = LoadedProgram.Load(Compile(compilerOptions), Type, loadOptions, pinMapsIn);
        return this;
    }

    /// <summary>Opens the maps another process pinned with <c>Load(pinMapsIn: ...)</c>, so this object's
    /// variables read and write them, without loading the program (BPF_OBJ_GET).</summary>
    /// <example><code>using var reader = new Count(); reader.OpenPinnedMaps("/sys/fs/bpf/count"); Console.WriteLine(reader.count.Value);</code></example>
    public EbpfProgram OpenPinnedMaps(string directory)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (LiveMaps is not null) throw new InvalidOperationException($"{Name} already has its maps");
        openedMaps = LoadedProgram.OpenPinnedMaps(Compile(), directory);
        return this;
    }

    /// <summary>The kernel maps, once loaded or opened from pins.</summary>
    internal IReadOnlyDictionary<MapDeclaration, BpfMap>? LiveMaps => loaded?.Maps ?? openedMaps;

    /// <summary>True once <see cref="Load"/> succeeded and until disposal.</summary>
    public bool IsLoaded => loaded is not null;

    /// <summary>The kernel program, once loaded (for attaching, pinning, info).</summary>
    public BpfProgram KernelProgram => Loaded.Program;

    /// <summary>The kernel map behind each map the program declared, once loaded (or opened from pins).</summary>
    public IReadOnlyDictionary<MapDeclaration, BpfMap> Maps => LiveMaps ?? throw new InvalidOperationException($"{Name} is not loaded; call Load() first");

    /// <summary>Runs the loaded program <paramref name="repeat"/> times on <paramref name="packet"/> (BPF_PROG_TEST_RUN).</summary>
    public TestRunResult TestRun(ReadOnlySpan<byte> packet, int repeat = 1)
        => Loaded.Program.TestRun(new TestRunOptions { Data = packet.ToArray(), Repeat = repeat });

    LoadedProgram Loaded => loaded ?? throw new InvalidOperationException($"{Name} is not loaded; call Load() first");

    internal (BpfMap Map, MapVariable Variable) Live(MapVariableBase variable)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var maps = Maps;
        if (layout is null || !layout.Contains(variable))
            throw new InvalidOperationException($"{variable.Declared}: '{variable.Name}' is not used by {Name}, so it has no map");
        var v = layout.IrVariable(variable);
        return (maps[v.Map], v);
    }

    /// <summary>The mapping of <paramref name="map"/>, made on first use and unmapped when the program is disposed.</summary>
    internal MappedMemory MappedMemory(BpfMap map)
    {
        lock (mapped)
        {
            // Dispose takes this lock too: a mapping made after it had run would never be released with the program.
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!mapped.TryGetValue(map, out var memory)) mapped[map] = memory = map.MemoryMap();
            return memory;
        }
    }

    // ------------------------------------------------------------- what Build() writes with

    /// <summary>Runs <paramref name="then"/> in the program when <paramref name="condition"/> holds.</summary>
    protected ElseClause If(Condition condition, Action then, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var context = BuildContext.Require("If");
        var at = CallSite.Of(file, line);
        var statement = new If(Variable.Located(condition.Ir, at), context.Capture(then, at), Block.Empty(at), at);
        context.Add(statement);
        return new ElseClause(context, [statement]);
    }

    /// <summary>Ends the program with <paramref name="value"/> as its return value.</summary>
    protected void Exit(Expression value, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = CallSite.Of(file, line);
        BuildContext.Require("Exit").Add(new Ir.Exit(Variable.Located(value.ToIr(), at), at));
    }

    /// <summary>A new local variable of the program, set to <paramref name="initial"/>.</summary>
    protected LocalVariable Local(Expression initial, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var context = BuildContext.Require("Local");
        var at = CallSite.Of(file, line);
        var value = Variable.Located(initial.ToIr(), at);
        IrType type = value.Type switch { FixedType => IrType.Fixed, IntType { Signed: false } => IrType.U64, _ => IrType.I64 };
        var local = new LocalVariable(context.NewLocal($"local{line}", type));
        context.Add(new Assign(local.ToIr(), value, at));
        return local;
    }

    /// <summary>Evaluates <paramref name="value"/> for its effect (a helper call whose result is not needed).</summary>
    protected void Evaluate(Expression value, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = CallSite.Of(file, line);
        BuildContext.Require("Evaluate").Add(new Ir.Evaluate(Variable.Located(value.ToIr(), at), at));
    }

    /// <summary>Calls kernel helper number <paramref name="helper"/> with up to five arguments.</summary>
    protected static Expression CallHelper(int helper, IrType returns, params Expression[] arguments)
        => Expression.Of(new HelperCall(helper, [.. arguments.Select(a => a.ToIr())], returns, SourceLocation.Unknown));

    /// <summary><c>bpf_ktime_get_ns()</c>: nanoseconds since boot (helper 5).</summary>
    protected static Expression KtimeGetNs() => CallHelper(5, IrType.U64);

    /// <summary><c>bpf_get_prandom_u32()</c>: a pseudo-random 32-bit number (helper 7).</summary>
    protected static Expression GetPrandomU32() => CallHelper(7, IrType.U32);

    /// <summary><c>bpf_get_smp_processor_id()</c>: the CPU running the program (helper 8).</summary>
    protected static Expression GetSmpProcessorId() => CallHelper(8, IrType.U32);

    bool disposed;

    /// <summary>Releases the kernel program, its maps and their mappings.</summary>
    public void Dispose()
    {
        lock (mapped)
        {
            if (disposed) return;
            disposed = true;
            foreach (var memory in mapped.Values) ((IDisposable)memory).Dispose();
            mapped.Clear();
        }
        loaded?.Dispose();
        loaded = null;
        foreach (var map in openedMaps?.Values ?? []) map.Dispose();
        openedMaps = null;
        GC.SuppressFinalize(this);
    }
}

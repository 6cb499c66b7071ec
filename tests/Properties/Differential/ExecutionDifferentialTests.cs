using EbpfCat.Emit;
using EbpfCat.Interpreter;
using EbpfCat.Ir;
using EbpfCat.Ir.Evaluation;
using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Passes;
using EbpfCat.Properties.Generators;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Differential;

/// <summary>Random well-typed programs, compiled by each back end (direct and LLVM), give the reference evaluator's
/// result when run by the kernel (BPF_PROG_TEST_RUN) and by our interpreter: the same return value, the
/// same packet and the same map contents; and the kernel's verifier accepts every program our passes accept.
/// Every program is compiled for each instruction-set version (v1–v4 choose different sequences for signed
/// division, sign extension and comparisons), each with the optimisations on and off, and every setting must agree.</summary>
public sealed class ExecutionDifferentialTests
{
    /// <summary>What a run leaves behind, in a form all three engines can produce.</summary>
    sealed record Outcome(uint ReturnValue, string Packet, string Globals, string Counters)
    {
        public override string ToString() => $"r0 {ReturnValue}\npacket  {Packet}\nglobals {Globals}\ncounters {Counters}";
    }

    static Outcome Expected(EvaluationResult r) => new(
        unchecked((uint)r.ReturnValue), // the kernel hands back the low 32 bits of r0
        Convert.ToHexString(r.Packet),
        Convert.ToHexString(r.Maps.Array(IrGenerators.Globals)),
        Counters(key => r.Maps.Hash(IrGenerators.Counters).GetValueOrDefault(key)));

    /// <summary>Every key of the hash map, a missing one as zero: the evaluator inserts on first write,
    /// compiled programs find every variable's entry there from the start (LoadedProgram makes them).</summary>
    static string Counters(Func<long, byte[]?> value)
        => string.Join(' ', Enumerable.Range(0, IrGenerators.Counters.MaxEntries).Select(k => Convert.ToHexString(value(k) ?? new byte[8])));

    static EvaluationResult? Evaluate(IrCase c)
    {
        try { return IrEvaluator.Run(c.Program, c.Packet, c.Maps); }
        catch (FixedPointOverflowException) { return null; } // undefined in the language: nothing to compare
    }

    static byte[] Key(long key) => BitConverter.GetBytes((int)key);

    /// <summary>Every instruction-set version, each with the optimisations on and off, for one back end.</summary>
    static CompilerOptions[] Settings(ICodeGenerator generator) =>
        [.. from isa in Enum.GetValues<IsaVersion>() from optimize in new[] { true, false } select CompilerOptions.Default with { Isa = isa, Optimize = optimize, CodeGenerator = generator }];

    static string Describe(CompilerOptions o) => $"{o.CodeGenerator}, ISA {o.Isa}, optimisations {(o.Optimize ? "on" : "off")}";

    /// <summary>A failure message: what each side left behind, and the program as compiled.</summary>
    static string Mismatch(CompilerOptions options, Outcome expected, string engine, Outcome actual, CompiledProgram compiled)
        => $"{Describe(options)}: expected\n{expected}\n{engine}\n{actual}\n{Disassembler.Disassemble(compiled.Instructions, new DisassemblyOptions { ShowSlotIndices = true })}";

    /// <summary>Each program is compiled once per setting and that one compilation runs in both engines; cases run on
    /// every core at once. Where bpf() cannot be used the interpreter leg still runs, and the test then reports itself
    /// skipped for the kernel leg (failed when EBPFCAT_REQUIRE_KERNEL=1).</summary>
    [Theory]
    [MemberData(nameof(BackEnds.Names), MemberType = typeof(BackEnds))]
    public void The_kernel_and_the_interpreter_compute_what_the_evaluator_says(string backEnd)
    {
        var generator = BackEnds.Get(backEnd);
        bool kernel = KernelRequirement.Unusable is null;
        int inKernel = 0;
        PropertyRuns.CheckInParallel(IrGenerators.Cases(), c =>
        {
            if (Evaluate(c) is not { } evaluated) return;
            var expected = Expected(evaluated);
            // the kernel test-runs XDP only on packets of at least an Ethernet header; the interpreter runs them all
            bool runInKernel = kernel && c.Packet.Length >= 14;
            // read once, here: MapState makes a missing map on first read, so reading it as each setting runs would write to it
            var start = new Start(c.Program, c.Packet, c.Maps.Array(IrGenerators.Globals).ToArray(), [.. c.Maps.Hash(IrGenerators.Counters)]);
            foreach (var options in Settings(generator))
            {
                var compiled = EbpfCat.Compiler.Compile(start.Program, options);
                RunInInterpreter(start, compiled, expected, options);
                if (runInKernel) RunInKernel(start, compiled, expected, options);
            }
            if (runInKernel) Interlocked.Increment(ref inKernel);
        });
        KernelRequirement.Demand(KernelRequirement.Unusable is { } reason ? $"the interpreter leg passed; the kernel leg could not run: {reason}" : null);
        Assert.True(inKernel > PropertyRuns.Count / 4, $"only {inKernel} of {PropertyRuns.Count} programs ran in the kernel");
    }

    /// <summary>What every setting of one case starts from: the program, the packet and the maps' contents.</summary>
    sealed record Start(IrProgram Program, byte[] Packet, byte[] Globals, KeyValuePair<long, byte[]>[] Counters);

    static void RunInKernel(Start c, CompiledProgram compiled, Outcome expected, CompilerOptions options)
    {
        using var loaded = LoadedProgram.Load(compiled, ProgramType.Xdp);
        loaded.Maps[IrGenerators.Globals].Update(Key(0), c.Globals);
        foreach (var (key, value) in c.Counters) loaded.Maps[IrGenerators.Counters].Update(Key(key), value);
        var run = loaded.Program.TestRun(c.Packet);
        var actual = new Outcome(run.ReturnValue, Convert.ToHexString(run.Data),
            Convert.ToHexString(loaded.Maps[IrGenerators.Globals].Lookup(Key(0))!),
            Counters(key => loaded.Maps[IrGenerators.Counters].Lookup(Key(key))));
        Assert.True(expected == actual, Mismatch(options, expected, "kernel", actual, compiled));
    }

    static void RunInInterpreter(Start c, CompiledProgram compiled, Outcome expected, CompilerOptions options)
    {
        var simulated = new SimulatedProgram(compiled);
        var globals = simulated.Maps[IrGenerators.Globals];
        var counters = simulated.Maps[IrGenerators.Counters];
        globals.Update(Key(0), c.Globals);
        foreach (var (key, value) in c.Counters) counters.Update(Key(key), value);
        var run = simulated.RunXdp(c.Packet);
        var actual = new Outcome(unchecked((uint)run.ReturnValue), Convert.ToHexString(run.Memory!),
            Convert.ToHexString(globals.Lookup(Key(0))!),
            Counters(key => counters.Lookup(Key(key))));
        Assert.True(expected == actual, Mismatch(options, expected, "interpreter", actual, compiled));
    }
}

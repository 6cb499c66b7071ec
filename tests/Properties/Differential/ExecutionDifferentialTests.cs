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

    [Theory]
    [MemberData(nameof(BackEnds.Names), MemberType = typeof(BackEnds))]
    public void The_kernel_computes_what_the_evaluator_says(string backEnd)
    {
        KernelRequirement.Require();
        var generator = BackEnds.Get(backEnd);
        int compared = 0;
        PropertyRuns.Check(IrGenerators.Cases(), c =>
        {
            // the kernel test-runs XDP only on packets of at least an Ethernet header; the interpreter leg runs them all
            if (c.Packet.Length < 14 || Evaluate(c) is not { } expected) return;
            foreach (var options in Settings(generator)) RunInKernel(c, expected, options);
            compared++;
        });
        Assert.True(compared > PropertyRuns.Count / 4, $"only {compared} of {PropertyRuns.Count} programs were compared");
    }

    static void RunInKernel(IrCase c, EvaluationResult expected, CompilerOptions options)
    {
        var compiled = EbpfCat.Compiler.Compile(c.Program, options);
        using var loaded = LoadedProgram.Load(compiled, ProgramType.Xdp);
        loaded.Maps[IrGenerators.Globals].Update(Key(0), c.Maps.Array(IrGenerators.Globals));
        foreach (var (key, value) in c.Maps.Hash(IrGenerators.Counters)) loaded.Maps[IrGenerators.Counters].Update(Key(key), value);
        var run = loaded.Program.TestRun(c.Packet);
        var actual = new Outcome(run.ReturnValue, Convert.ToHexString(run.Data),
            Convert.ToHexString(loaded.Maps[IrGenerators.Globals].Lookup(Key(0))!),
            Counters(key => loaded.Maps[IrGenerators.Counters].Lookup(Key(key))));
        Assert.True(Expected(expected) == actual, $"{Describe(options)}: expected\n{Expected(expected)}\nkernel\n{actual}\n{Disassembler.Disassemble(compiled.Instructions, new DisassemblyOptions { ShowSlotIndices = true })}");
    }

    [Theory]
    [MemberData(nameof(BackEnds.Names), MemberType = typeof(BackEnds))]
    public void The_interpreter_computes_what_the_evaluator_says(string backEnd)
    {
        var generator = BackEnds.Get(backEnd);
        PropertyRuns.Check(IrGenerators.Cases(), c =>
        {
            if (Evaluate(c) is not { } expected) return;
            foreach (var options in Settings(generator)) RunInInterpreter(c, expected, options);
        });
    }

    static void RunInInterpreter(IrCase c, EvaluationResult expected, CompilerOptions options)
    {
        var compiled = EbpfCat.Compiler.Compile(c.Program, options);
        var simulated = new SimulatedProgram(compiled);
        var globals = simulated.Maps[IrGenerators.Globals];
        var counters = simulated.Maps[IrGenerators.Counters];
        globals.Update(Key(0), c.Maps.Array(IrGenerators.Globals));
        foreach (var (key, value) in c.Maps.Hash(IrGenerators.Counters)) counters.Update(Key(key), value);
        var run = simulated.RunXdp(c.Packet);
        var actual = new Outcome(unchecked((uint)run.ReturnValue), Convert.ToHexString(run.Memory!),
            Convert.ToHexString(globals.Lookup(Key(0))!),
            Counters(key => counters.Lookup(Key(key))));
        Assert.True(Expected(expected) == actual, $"{Describe(options)}: expected\n{Expected(expected)}\ninterpreter\n{actual}\n{Disassembler.Disassemble(compiled.Instructions, new DisassemblyOptions { ShowSlotIndices = true })}");
    }
}

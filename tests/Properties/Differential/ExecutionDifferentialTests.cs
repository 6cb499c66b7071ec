using EbpfCat.Emit;
using EbpfCat.Interpreter;
using EbpfCat.Ir;
using EbpfCat.Ir.Evaluation;
using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Properties.Generators;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Differential;

/// <summary>Random well-typed programs, compiled by each back end (direct and LLVM), give the reference evaluator's
/// result when run by the kernel (BPF_PROG_TEST_RUN) and by our interpreter: the same return value, the
/// same packet and the same map contents; and the kernel's verifier accepts every program our passes accept.
/// Every program is compiled for each instruction-set version (v1–v4 choose different sequences for signed
/// division, sign extension and comparisons), and every version must agree.</summary>
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

    [Theory]
    [MemberData(nameof(BackEnds.Names), MemberType = typeof(BackEnds))]
    public void The_kernel_computes_what_the_evaluator_says(string backEnd)
    {
        KernelRequirement.Require();
        var generator = BackEnds.Get(backEnd);
        int compared = 0;
        PropertyRuns.Check(IrGenerators.Cases(), c =>
        {
            // the kernel test-runs XDP only on packets of at least an Ethernet header
            if (c.Packet.Length < 14 || Evaluate(c) is not { } expected) return;
            foreach (var isa in Enum.GetValues<IsaVersion>()) RunInKernel(c, expected, generator, isa);
            compared++;
        });
        Assert.True(compared > PropertyRuns.Count / 4, $"only {compared} of {PropertyRuns.Count} programs were compared");
    }

    static void RunInKernel(IrCase c, EvaluationResult expected, ICodeGenerator generator, IsaVersion isa)
    {
        var compiled = EbpfCat.Compiler.Compile(c.Program, EbpfCat.Passes.CompilerOptions.Default with { Isa = isa, CodeGenerator = generator });
        using var loaded = LoadedProgram.Load(compiled, ProgramType.Xdp);
        loaded.Maps[IrGenerators.Globals].Update(Key(0), c.Maps.Array(IrGenerators.Globals));
        foreach (var (key, value) in c.Maps.Hash(IrGenerators.Counters)) loaded.Maps[IrGenerators.Counters].Update(Key(key), value);
        var run = loaded.Program.TestRun(c.Packet);
        var actual = new Outcome(run.ReturnValue, Convert.ToHexString(run.Data),
            Convert.ToHexString(loaded.Maps[IrGenerators.Globals].Lookup(Key(0))!),
            Counters(key => loaded.Maps[IrGenerators.Counters].Lookup(Key(key))));
        Assert.True(Expected(expected) == actual, $"{generator}, ISA {isa}: expected\n{Expected(expected)}\nkernel\n{actual}\n{Disassembler.Disassemble(compiled.Instructions, new DisassemblyOptions { ShowSlotIndices = true })}");
    }

    [Theory]
    [MemberData(nameof(BackEnds.Names), MemberType = typeof(BackEnds))]
    public void The_interpreter_computes_what_the_evaluator_says(string backEnd)
    {
        var generator = BackEnds.Get(backEnd);
        PropertyRuns.Check(IrGenerators.Cases(), c =>
        {
            if (Evaluate(c) is not { } expected) return;
            foreach (var isa in Enum.GetValues<IsaVersion>()) RunInInterpreter(c, expected, generator, isa);
        });
    }

    static void RunInInterpreter(IrCase c, EvaluationResult expected, ICodeGenerator generator, IsaVersion isa)
    {
        var compiled = EbpfCat.Compiler.Compile(c.Program, EbpfCat.Passes.CompilerOptions.Default with { Isa = isa, CodeGenerator = generator });
        var globals = new InterpreterArrayMap("globals", IrGenerators.Globals.ValueSize, 1);
        var counters = new InterpreterHashMap("counters", 4, 8, IrGenerators.Counters.MaxEntries);
        globals.Update(Key(0), c.Maps.Array(IrGenerators.Globals));
        for (int k = 0; k < IrGenerators.Counters.MaxEntries; k++) counters.Update(Key(k), new byte[8]);
        foreach (var (key, value) in c.Maps.Hash(IrGenerators.Counters)) counters.Update(Key(key), value);
        var maps = new InterpreterMap[] { globals, counters };
        var program = ByMapIndex(compiled, [IrGenerators.Globals, IrGenerators.Counters]);
        var run = new BpfInterpreter(program, new InterpreterOptions { Maps = maps }).RunXdp(c.Packet);
        var actual = new Outcome(unchecked((uint)run.ReturnValue), Convert.ToHexString(run.Memory!),
            Convert.ToHexString(globals.Lookup(Key(0))!),
            Counters(key => counters.Lookup(Key(key))));
        Assert.True(Expected(expected) == actual, $"{generator}, ISA {isa}: expected\n{Expected(expected)}\ninterpreter\n{actual}\n{Disassembler.Disassemble(compiled.Instructions, new DisassemblyOptions { ShowSlotIndices = true })}");
    }

    /// <summary>The compiled program with its map references pointing at positions in the interpreter's map list.</summary>
    static Instruction[] ByMapIndex(CompiledProgram compiled, MapDeclaration[] order)
    {
        var program = compiled.Instructions.ToArray();
        foreach (var reference in compiled.MapReferences)
        {
            var i = program[reference.Index];
            var source = i.PseudoSource == PseudoSource.MapValue ? PseudoSource.MapIndexValue : PseudoSource.MapIndex;
            program[reference.Index] = Instruction.LoadPseudo(i.Destination, source, Array.IndexOf(order, reference.Map), (int)(i.Immediate >> 32));
        }
        return program;
    }
}

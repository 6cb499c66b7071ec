using EbpfCat.Diagnostics;
using EbpfCat.Emit;
using EbpfCat.Ir;
using EbpfCat.Mir;
using EbpfCat.Passes;

namespace EbpfCat;

/// <summary>The compiler's pipeline, in one place: each pass is a pure function and can be
/// dumped after it runs (<see cref="CompilerOptions.Dump"/>).</summary>
/// <remarks>
/// <list type="number">
/// <item>type check (diagnostics)</item>
/// <item>bounds check (diagnostics; skipped when <see cref="CompilerOptions.Checks"/> is off)</item>
/// <item>fixed-point lowering (IR → IR without fixed point)</item>
/// <item>simplification (IR → IR; skipped when <see cref="CompilerOptions.Optimize"/> is off)</item>
/// <item>byte-order elision (IR → IR, locals of network-order fields only compared with constants hold the raw
/// bytes; skipped when <see cref="CompilerOptions.Optimize"/> is off)</item>
/// <item>code generation by <see cref="CompilerOptions.CodeGenerator"/>; the direct one
/// (<see cref="DirectCodeGenerator"/>, the default) runs instruction selection (IR → MIR over virtual
/// registers), load sinking (MIR → MIR, loads next to their first reader; skipped when
/// <see cref="CompilerOptions.Optimize"/> is off), register allocation (MIR → MIR over r0–r9, spilling to the stack), peephole (MIR → MIR;
/// only unreachable code is removed when <see cref="CompilerOptions.Optimize"/> is off) and emission
/// (MIR → instructions, map relocations, source map)</item>
/// </list>
/// </remarks>
/// <example><code>
/// CompiledProgram compiled = Compiler.Compile(program, CompilerOptions.Default with { Dump = (pass, text) => Console.WriteLine($"== {pass}\n{text}") });
/// </code></example>
public static class Compiler
{
    /// <summary>Compiles <paramref name="program"/> to instructions, relocations and a source map.</summary>
    /// <exception cref="CompilationException">The program has errors; each diagnostic names the source line.</exception>
    public static CompiledProgram Compile(IrProgram program, CompilerOptions? options = null)
    {
        options ??= CompilerOptions.Default;
        options.Dump?.Invoke("input", program.ToString());
        var diagnostics = new List<Diagnostic>(TypeCheck.Run(program));
        if (options.Checks && diagnostics.Count == 0) diagnostics.AddRange(BoundsCheck.Run(program));
        if (diagnostics.Any(d => d.Severity == Severity.Error)) throw new CompilationException(diagnostics);

        var ir = Run(options, "fixed-point lowering", program, p => new FixedPointLowering().Rewrite(p));
        if (options.Optimize)
        {
            ir = Run(options, "simplification", ir, p => new Simplify().Rewrite(p));
            ir = Run(options, "byte-order elision", ir, ByteOrderElision.Run);
        }
        var compiled = options.CodeGenerator.Generate(ir, program, options);
        options.Dump?.Invoke("emission", Isa.Disassembler.Disassemble(compiled.Instructions, new Isa.DisassemblyOptions { ShowSlotIndices = true }));
        return compiled;
    }

    internal static TOut Run<TIn, TOut>(CompilerOptions options, string pass, TIn input, Func<TIn, TOut> run) where TOut : notnull
    {
        var output = run(input);
        options.Dump?.Invoke(pass, output.ToString() ?? "");
        return output;
    }
}

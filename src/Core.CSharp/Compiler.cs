using EbpfCat.Diagnostics;
using EbpfCat.Emit;
using EbpfCat.Ir;
using EbpfCat.Mir;
using EbpfCat.Passes;

namespace EbpfCat;

/// <summary>The direct back end's pipeline, in one place: each pass is a pure function and can be
/// dumped after it runs (<see cref="CompilerOptions.Dump"/>).</summary>
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
        var diagnostics = new List<Diagnostic>();
        var ir = program;
        ir = Run(options, "fixed-point lowering", ir, p => new FixedPointLowering().Rewrite(p));
        if (diagnostics.Any(d => d.Severity == Severity.Error)) throw new CompilationException(diagnostics);
        var mir = Run(options, "instruction selection", ir, p => MirLowering.Lower(p, options));
        mir = Run(options, "register allocation", mir, RegisterAllocation.Allocate);
        mir = Run(options, "peephole", mir, Peephole.Run);
        return Emitter.Emit(mir, program);
    }

    static TOut Run<TIn, TOut>(CompilerOptions options, string pass, TIn input, Func<TIn, TOut> run) where TOut : notnull
    {
        var output = run(input);
        options.Dump?.Invoke(pass, output.ToString() ?? "");
        return output;
    }
}

using EbpfCat.Ir;
using EbpfCat.Mir;
using EbpfCat.Passes;

namespace EbpfCat.Emit;

/// <summary>The direct back end (the default): instruction selection, load sinking, register allocation, peephole and
/// emission, all in managed code.</summary>
/// <example><code>CompiledProgram p = DirectCodeGenerator.Instance.Generate(lowered, program, CompilerOptions.Default);</code></example>
public sealed class DirectCodeGenerator : ICodeGenerator
{
    /// <summary>The one instance; the generator holds no state.</summary>
    public static readonly DirectCodeGenerator Instance = new();

    DirectCodeGenerator() { }

    /// <inheritdoc/>
    public string Name => "direct";

    /// <inheritdoc/>
    public CompiledProgram Generate(IrProgram lowered, IrProgram original, CompilerOptions options)
    {
        var mir = Compiler.Run(options, "instruction selection", lowered, p => MirLowering.Lower(p, options));
        if (options.Optimize) mir = Compiler.Run(options, "load sinking", mir, LoadSinking.Run);
        mir = Compiler.Run(options, "register allocation", mir, RegisterAllocation.Allocate);
        Func<MirFunction, MirFunction> peephole = options.Optimize ? m => Peephole.Run(m, options.Isa) : Peephole.RemoveUnreachable;
        mir = Compiler.Run(options, "peephole", mir, peephole);
        return Emitter.Emit(mir, original);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

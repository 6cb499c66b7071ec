using EbpfCat.Ir;
using EbpfCat.Passes;

namespace EbpfCat.Emit;

/// <summary>A back end: turns a checked program into instructions, map references and a source map.</summary>
/// <remarks>
/// <see cref="Compiler"/> runs the front half of the pipeline (type check, bounds check, fixed-point
/// lowering, simplification) and hands the result to <see cref="CompilerOptions.CodeGenerator"/>.
/// The direct emitter (<see cref="DirectCodeGenerator"/>) is the default and needs nothing native;
/// the LLVM back end (package EbpfCat.Backend.Llvm, <c>LlvmCodeGenerator</c>) implements this interface
/// outside Core, so Core depends on no native library.
/// </remarks>
/// <example><code>
/// var options = CompilerOptions.Default with { CodeGenerator = DirectCodeGenerator.Instance };
/// CompiledProgram p = Compiler.Compile(program, options);
/// </code></example>
public interface ICodeGenerator
{
    /// <summary>A short name for dumps and test names, e.g. "direct" or "llvm".</summary>
    string Name { get; }

    /// <summary>Generates code for <paramref name="lowered"/>: type-checked, bounds-checked, free of fixed
    /// point and simplified. <paramref name="original"/> is the program as the user built it (name,
    /// license, map declarations); <paramref name="options"/> chooses the instruction set and dumps.</summary>
    CompiledProgram Generate(IrProgram lowered, IrProgram original, CompilerOptions options);
}

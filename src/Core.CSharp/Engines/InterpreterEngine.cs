using EbpfCat.Interpreter;
using EbpfCat.Isa;

namespace EbpfCat.Engines;

/// <summary>Runs programs in EbpfCat's user-space interpreter (<see cref="BpfInterpreter"/>): no kernel, no privileges,
/// every ISA v1–v4 instruction with the kernel's semantics, including those the Linux verifier refuses (<c>callx</c>).</summary>
/// <remarks>A program the interpreter cannot prepare (<see cref="InterpreterFault.InvalidProgram"/>) is
/// <see cref="EngineOutcome.Rejected"/>; any other <see cref="InterpreterException"/> is <see cref="EngineOutcome.Faulted"/>.</remarks>
/// <example><code>
/// var result = new InterpreterEngine().Run([AluOperation.Mov.Reg(Register.R0, Register.R2), Instruction.Exit()], new byte[8]);
/// // result.ReturnValue == 8
/// </code></example>
/// <param name="options">The interpreter's maps, helpers and step budget; the defaults when null.</param>
public sealed class InterpreterEngine(InterpreterOptions? options = null) : IExecutionEngine
{
    /// <summary>The interpreter's settings for every run.</summary>
    public InterpreterOptions Options { get; } = options ?? new InterpreterOptions();

    /// <inheritdoc/>
    public string Name => "interpreter";

    /// <inheritdoc/>
    public EngineResult Run(IReadOnlyList<Instruction> program, byte[]? memory)
    {
        ArgumentNullException.ThrowIfNull(program);
        try
        {
            // An empty block is no block: r1 = 0 and r2 = 0, as the kernel engine gives it.
            var result = BpfInterpreter.Run(program as Instruction[] ?? [.. program], memory is { Length: > 0 } ? memory : null, Options);
            return EngineResult.Returned(result.ReturnValue, result.Memory);
        }
        catch (InterpreterException e) when (e.Fault == InterpreterFault.InvalidProgram)
        {
            return EngineResult.Rejected(e.Message);
        }
        catch (InterpreterException e)
        {
            return EngineResult.Faulted(e.Message);
        }
    }
}

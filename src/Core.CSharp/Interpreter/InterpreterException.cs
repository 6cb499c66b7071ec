namespace EbpfCat.Interpreter;

/// <summary>A run of the user-space interpreter failed, or a program could not be prepared for it;
/// names the instruction index and what went wrong.</summary>
/// <remarks>The interpreter never lets a bad program touch memory outside its regions: every such
/// attempt ends the run with this exception instead.</remarks>
/// <example><code>
/// try { interpreter.Run(memory); }
/// catch (InterpreterException e) { Console.Error.WriteLine($"{e.Fault} at instruction {e.InstructionIndex}: {e.Reason}"); }
/// </code></example>
public sealed class InterpreterException : EbpfCatException
{
    /// <summary>A failure at instruction <paramref name="instructionIndex"/> (-1 when no instruction is to blame).</summary>
    public InterpreterException(InterpreterFault fault, int instructionIndex, string reason)
        : base(instructionIndex >= 0 ? $"instruction {instructionIndex}: {reason}" : reason)
    {
        Fault = fault;
        InstructionIndex = instructionIndex;
        Reason = reason;
    }

    /// <summary>The kind of failure.</summary>
    public InterpreterFault Fault { get; }

    /// <summary>The index into the instruction list (<c>lddw</c> counts once) of the instruction that failed, or -1.</summary>
    public int InstructionIndex { get; }

    /// <summary>What went wrong, without the instruction index.</summary>
    public string Reason { get; }
}

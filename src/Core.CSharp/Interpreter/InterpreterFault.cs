namespace EbpfCat.Interpreter;

/// <summary>What kind of failure ended an interpreter run (or stopped a program from being prepared).</summary>
/// <example><code>catch (InterpreterException e) when (e.Fault == InterpreterFault.OutOfBounds) { ... }</code></example>
public enum InterpreterFault
{
    /// <summary>The program cannot be run: a bad jump target, an unknown map, an unsupported instruction.</summary>
    InvalidProgram,
    /// <summary>A load, store or atomic touched memory outside every region the program may use.</summary>
    OutOfBounds,
    /// <summary>A store or atomic targeted read-only memory (the context).</summary>
    ReadOnly,
    /// <summary>An atomic operation on an address that is not aligned to its size.</summary>
    Misaligned,
    /// <summary>The program executed more instructions than the step budget allows.</summary>
    StepBudgetExceeded,
    /// <summary>A call of a helper number that the interpreter does not know.</summary>
    UnknownHelper,
    /// <summary>A helper was called with arguments it cannot accept (not a map, a bad size).</summary>
    BadHelperArgument,
    /// <summary>A bad call: too deep, or <c>callx</c> to something that is not a function.</summary>
    BadCall,
    /// <summary>Execution ran past the last instruction without an <c>exit</c>.</summary>
    FellOffEnd,
}

namespace EbpfCat.Interpreter;

/// <summary>The outcome of one interpreter run, like BPF_PROG_TEST_RUN's: the return value, the memory or packet
/// as the program left it, how many instructions ran, and what trace_printk printed.</summary>
/// <example><code>
/// var result = BpfInterpreter.Run([AluOperation.Mov.Imm(Register.R0, 2), Instruction.Exit()], memory: null);
/// Console.WriteLine($"r0 = {result.ReturnValue} after {result.InstructionCount} instructions");
/// </code></example>
/// <param name="ReturnValue">r0 at the final <c>exit</c> (for XDP the action: 0 aborted, 1 drop, 2 pass, 3 tx, 4 redirect).</param>
/// <param name="Memory">A copy of the memory block (or the XDP packet) after the run; null when the run had none.</param>
/// <param name="InstructionCount">The number of instructions executed, <c>exit</c> included.</param>
/// <param name="Trace">The lines trace_printk produced, in order.</param>
/// <param name="RedirectIfindex">The interface index given to bpf_redirect, if the program called it.</param>
public sealed record InterpreterResult(
    ulong ReturnValue,
    byte[]? Memory,
    long InstructionCount,
    IReadOnlyList<string> Trace,
    int? RedirectIfindex = null);

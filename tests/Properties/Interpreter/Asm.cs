using Xunit;
using EbpfCat.Interpreter;
using EbpfCat.Isa;

namespace EbpfCat.Properties.Interpreter;

/// <summary>Short ways to build and run the small programs the interpreter tests are made of.</summary>
internal static class Asm
{
    public static Instruction Set(Register register, ulong value) => Instruction.LoadImm64(register, (long)value);

    public static Instruction Set(Register register, long value) => Instruction.LoadImm64(register, value);

    /// <summary>Runs the instructions followed by <c>exit</c> and returns r0.</summary>
    public static ulong ReturnOf(params Instruction[] body) => BpfInterpreter.Run([.. body, Instruction.Exit()], memory: null).ReturnValue;

    /// <summary>Runs a whole program with a memory block.</summary>
    public static InterpreterResult Run(Instruction[] program, byte[]? memory = null, InterpreterOptions? options = null)
        => BpfInterpreter.Run(program, memory, options);

    /// <summary>The fault a program ends with.</summary>
    public static InterpreterException Fault(Instruction[] program, byte[]? memory = null, InterpreterOptions? options = null)
        => Assert.Throws<InterpreterException>(() => BpfInterpreter.Run(program, memory, options));
}

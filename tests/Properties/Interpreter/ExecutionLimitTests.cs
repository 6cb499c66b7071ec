using Xunit;
using EbpfCat.Interpreter;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;
using static EbpfCat.Properties.Interpreter.Asm;

namespace EbpfCat.Properties.Interpreter;

/// <summary>The step budget, instruction counts, and programs the interpreter refuses before running them.</summary>
public class ExecutionLimitTests
{
    [Fact]
    public void A_runaway_loop_stops_at_the_step_budget()
    {
        var e = Fault([AluOperation.Mov.Imm(R0, 0), Instruction.Goto(-1), Instruction.Exit()], options: new InterpreterOptions { StepBudget = 1000 });
        Assert.Equal(InterpreterFault.StepBudgetExceeded, e.Fault);
        Assert.Equal(1, e.InstructionIndex);
        Assert.Contains("step budget of 1000 instructions", e.Message);
    }

    [Fact]
    public void The_default_budget_is_a_million_instructions()
    {
        var e = Fault([Instruction.Goto(-1), Instruction.Exit()]);
        Assert.Contains("1000000", e.Message);
    }

    [Fact]
    public void A_program_that_uses_exactly_its_budget_completes()
    {
        var result = Run([AluOperation.Mov.Imm(R0, 1), Instruction.Exit()], options: new InterpreterOptions { StepBudget = 2 });
        Assert.Equal(2, result.InstructionCount);
    }

    [Fact]
    public void Running_off_the_end_faults()
    {
        var e = Fault([AluOperation.Mov.Imm(R0, 1)]);
        Assert.Equal(InterpreterFault.FellOffEnd, e.Fault);
        Assert.Equal(0, e.InstructionIndex);
    }

    public static TheoryData<string, Instruction[], int, string> Refused => new()
    {
        { "jump past the end", [Instruction.Goto(5), Instruction.Exit()], 0, "outside the program" },
        { "jump into an lddw", [Instruction.Goto(1), Set(R0, 1L), Instruction.Exit()], 0, "second half of an lddw" },
        { "write to r10", [AluOperation.Mov.Imm(R0, 0), AluOperation.Add.Imm(R10, 8), Instruction.Exit()], 1, "read-only frame pointer" },
        { "invalid encoding", [new Instruction(new Opcode(0xff), 0, 0, 0, 0), Instruction.Exit()], 0, "instruction 0" },
        { "legacy packet load", [Instruction.LoadAbsolute(AccessSize.Byte, 0), Instruction.Exit()], 0, "LD_ABS" },
        { "kfunc call", [Instruction.CallKernelFunction(1234), Instruction.Exit()], 0, "kfunc" },
        { "local call outside", [Instruction.CallLocal(-5), Instruction.Exit()], 0, "outside the program" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Programs_the_kernel_would_reject_outright_are_refused_with_the_instruction_index(string name, Instruction[] program, int index, string message)
    {
        var e = Assert.Throws<InterpreterException>(() => new BpfInterpreter(program));
        Assert.Equal(InterpreterFault.InvalidProgram, e.Fault);
        Assert.Equal(index, e.InstructionIndex);
        Assert.True(e.Message.Contains(message), $"{name}: {e.Message}");
    }

    [Fact]
    public void Bytecode_runs_like_the_instructions_it_encodes()
    {
        var bytes = InstructionEncoding.Encode([Set(R0, 0x1_0000_0002L), AluOperation.Add.Imm(R0, 1), Instruction.Exit()]);
        var result = BpfInterpreter.Run(bytes, memory: null);
        Assert.Equal(0x1_0000_0003UL, result.ReturnValue);
        Assert.Equal(3, result.InstructionCount);
    }
}

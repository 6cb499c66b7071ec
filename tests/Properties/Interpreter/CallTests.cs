using Xunit;
using EbpfCat.Interpreter;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;
using static EbpfCat.Properties.Interpreter.Asm;

namespace EbpfCat.Properties.Interpreter;

/// <summary>Local (bpf-to-bpf) calls, callx, helper calls and registered helpers.</summary>
public class CallTests
{
    [Fact]
    public void A_local_call_passes_r1_to_r5_returns_r0_and_preserves_r6_to_r9()
    {
        var program = new[]
        {
            AluOperation.Mov.Imm(R1, 1), AluOperation.Mov.Imm(R2, 2), AluOperation.Mov.Imm(R3, 3),
            AluOperation.Mov.Imm(R4, 4), AluOperation.Mov.Imm(R5, 5),
            AluOperation.Mov.Imm(R6, 6), AluOperation.Mov.Imm(R7, 7), AluOperation.Mov.Imm(R8, 8), AluOperation.Mov.Imm(R9, 9),
            Instruction.CallLocal(6),
            // r0 = sum + r6 + r7 + r8 + r9 = 15 + 30
            AluOperation.Add.Reg(R0, R6), AluOperation.Add.Reg(R0, R7), AluOperation.Add.Reg(R0, R8), AluOperation.Add.Reg(R0, R9),
            Instruction.Exit(),
            Instruction.Exit(), // never reached
            // func: r0 = r1 + ... + r5; clobber r6..r9
            AluOperation.Mov.Reg(R0, R1), AluOperation.Add.Reg(R0, R2), AluOperation.Add.Reg(R0, R3),
            AluOperation.Add.Reg(R0, R4), AluOperation.Add.Reg(R0, R5),
            AluOperation.Mov.Imm(R6, 0), AluOperation.Mov.Imm(R7, 0), AluOperation.Mov.Imm(R8, 0), AluOperation.Mov.Imm(R9, 0),
            Instruction.Exit(),
        };
        Assert.Equal(45UL, Run(program).ReturnValue);
    }

    [Fact]
    public void Each_call_gets_its_own_zeroed_stack_frame_and_can_reach_the_callers_through_a_pointer()
    {
        var program = new[]
        {
            Instruction.Store(AccessSize.DoubleWord, R10, -8, 100),
            AluOperation.Mov.Reg(R1, R10),
            AluOperation.Add.Imm(R1, -8),
            Instruction.CallLocal(3),
            Instruction.Load(AccessSize.DoubleWord, R1, R10, -8), // still 100: the callee wrote its own frame
            AluOperation.Add.Reg(R0, R1),
            Instruction.Exit(),
            // callee: r0 = its own [r10-8] (zero) + the caller's value through r1; then overwrite its own slot
            Instruction.Load(AccessSize.DoubleWord, R0, R10, -8),
            Instruction.Load(AccessSize.DoubleWord, R2, R1, 0),
            AluOperation.Add.Reg(R0, R2),
            Instruction.Store(AccessSize.DoubleWord, R10, -8, 55),
            Instruction.Exit(),
        };
        Assert.Equal(200UL, Run(program).ReturnValue);
    }

    [Fact]
    public void A_callees_frame_starts_zeroed_even_after_earlier_runs_wrote_there()
    {
        // The callee returns its [r10-8] and then writes 9 there; the next run must see 0 again.
        var interpreter = new BpfInterpreter(
        [
            Instruction.CallLocal(1),
            Instruction.Exit(),
            Instruction.Load(AccessSize.DoubleWord, R0, R10, -8),
            Instruction.Store(AccessSize.DoubleWord, R10, -8, 9),
            Instruction.Exit(),
        ]);
        Assert.Equal(0UL, interpreter.Run().ReturnValue);
        Assert.Equal(0UL, interpreter.Run().ReturnValue);
    }

    [Fact]
    public void Recursion_deeper_than_eight_frames_faults()
    {
        var e = Fault([Instruction.CallLocal(-1), Instruction.Exit()]);
        Assert.Equal(InterpreterFault.BadCall, e.Fault);
        Assert.Contains("8 frames", e.Message);
    }

    [Fact]
    public void A_callee_cannot_reach_below_its_own_frame()
    {
        var e = Fault([Instruction.CallLocal(1), Instruction.Exit(), Instruction.Load(AccessSize.Byte, R0, R10, -513), Instruction.Exit()]);
        Assert.Equal(InterpreterFault.OutOfBounds, e.Fault);
        Assert.Equal(2, e.InstructionIndex);
    }

    [Fact]
    public void Callx_with_a_number_calls_that_helper_as_the_conformance_suite_expects()
    {
        // callx.data: mov r1, -1; mov r2, 5; call r2; mov r0, 2; exit — helper 5 is ktime_get_ns.
        var options = new InterpreterOptions { Clock = () => 77 };
        Assert.Equal(77UL, Run([AluOperation.Mov.Imm(R2, 5), Instruction.CallRegister(R2), Instruction.Exit()], options: options).ReturnValue);
    }

    [Fact]
    public void Callx_with_a_function_pointer_calls_the_local_function()
    {
        var program = new[]
        {
            Instruction.LoadPseudo(R3, PseudoSource.Function, 4), // slots: lddw 0-1, mov 2, callx 3, exit 4, function 5
            AluOperation.Mov.Imm(R1, 20),
            Instruction.CallRegister(R3),
            Instruction.Exit(),
            // function: r0 = r1 + 1
            AluOperation.Mov.Reg(R0, R1), AluOperation.Add.Imm(R0, 1), Instruction.Exit(),
        };
        Assert.Equal(21UL, Run(program).ReturnValue);
    }

    [Fact]
    public void Callx_to_neither_a_function_nor_a_helper_faults()
    {
        var e = Fault([AluOperation.Mov.Imm(R2, 9999), Instruction.CallRegister(R2), Instruction.Exit()]);
        Assert.Equal(InterpreterFault.BadCall, e.Fault);
        Assert.Equal(1, e.InstructionIndex);
    }

    [Fact]
    public void Registered_helpers_see_the_arguments_and_the_programs_memory()
    {
        InterpreterHelper sum = context =>
        {
            ulong total = context.Argument(3);
            foreach (byte b in context.Read(context.Argument(1), (int)context.Argument(2))) total += b;
            return total;
        };
        var options = new InterpreterOptions { Helpers = new Dictionary<int, InterpreterHelper> { [1000] = sum } };
        var program = new[] { AluOperation.Mov.Imm(R3, 100), Instruction.Call(1000), Instruction.Exit() };
        Assert.Equal(106UL, Run(program, [1, 2, 3], options).ReturnValue);
    }

    [Fact]
    public void A_registered_helper_replaces_a_built_in_one()
    {
        var options = new InterpreterOptions { Helpers = new Dictionary<int, InterpreterHelper> { [8] = _ => 42 } };
        Assert.Equal(42UL, Run([Instruction.Call(8), Instruction.Exit()], options: options).ReturnValue);
    }

    [Fact]
    public void A_helper_reading_outside_the_programs_memory_faults_at_the_call()
    {
        InterpreterHelper reader = context => context.Read(context.Argument(1), 16)[0];
        var options = new InterpreterOptions { Helpers = new Dictionary<int, InterpreterHelper> { [1000] = reader } };
        var e = Fault([AluOperation.Mov.Imm(R0, 0), Instruction.Call(1000), Instruction.Exit()], new byte[8], options);
        Assert.Equal(InterpreterFault.OutOfBounds, e.Fault);
        Assert.Equal(1, e.InstructionIndex);
    }

    [Fact]
    public void Unknown_helpers_fault_naming_the_helper()
    {
        var e = Fault([Instruction.Call(4242), Instruction.Exit()]);
        Assert.Equal(InterpreterFault.UnknownHelper, e.Fault);
        Assert.Equal("instruction 0: helper 4242 is not known (register it in InterpreterOptions.Helpers)", e.Message);
    }

    [Fact]
    public void Built_in_helpers_give_time_randomness_and_the_cpu()
    {
        var options = new InterpreterOptions { Clock = () => 123, RandomSeed = 1 };
        Assert.Equal(123UL, Run([Instruction.Call(5), Instruction.Exit()], options: options).ReturnValue);
        ulong random = Run([Instruction.Call(7), Instruction.Exit()], options: options).ReturnValue;
        Assert.Equal(random, Run([Instruction.Call(7), Instruction.Exit()], options: options).ReturnValue);
        Assert.True(random <= uint.MaxValue);
        var interpreter = new BpfInterpreter([Instruction.Call(8), Instruction.Exit()]);
        Assert.Equal(3UL, interpreter.Run(cpu: 3).ReturnValue);
    }
}

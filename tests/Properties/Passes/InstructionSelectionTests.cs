using Xunit;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Mir;
using EbpfCat.Passes;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>What instruction selection emits for small programs, pinned through the whole direct back end.</summary>
public sealed class InstructionSelectionTests
{
    static readonly MapVariableRef Value = Var("value", IrType.Fixed, 32);

    static string Emitted(IrProgram program, IsaVersion isa = IsaVersion.V4)
        => Disassembler.Disassemble(EbpfCat.Compiler.Compile(program, CompilerOptions.Default with { Isa = isa }).Instructions);

    [Fact]
    public void A_variable_read_and_written_in_one_statement_takes_one_map_value_load_and_a_constant_divisor_is_an_immediate()
    {
        // the fixed reference program, value = value × 1.5: clang-19 -O2 emits the same eight slots
        var program = Program(Set(Value, Op(BinaryOperator.Multiply, Value, X(1.5))), Exit(2));
        Assert.Equal(
            """
            r2 = map_value(0x0) + 0x20 ll
            r1 = *(u64 *)(r2 + 0x0)
            r1 *= 0x3
            r1 s/= 0x2
            *(u64 *)(r2 + 0x0) = r1
            r0 = 0x2
            exit
            """.ReplaceLineEndings("\n"), Emitted(program).ReplaceLineEndings("\n").TrimEnd());
    }

    [Fact]
    public void Before_v4_signed_division_by_a_constant_still_goes_through_a_register()
        => Assert.DoesNotContain(Instructions(Program(Set(Value, Op(BinaryOperator.Multiply, Value, X(1.5))), Exit(2)), IsaVersion.V3),
            i => i.Opcode.IsAlu && i.Opcode.Source == OperandSource.Constant && i.Opcode.AluOperation == AluOperation.Div);

    [Fact]
    public void Each_statement_loads_the_map_value_addresses_it_uses_itself()
    {
        // the address is kept within a statement only, so no register stays busy for long: the condition and the write each load it
        var program = Program(If(Cmp(CompareOperator.Equal, Value, X(0)), Block(Set(Value, X(1)))), Exit(2));
        Assert.Equal(2, Instructions(program, IsaVersion.V4).Count(i => i.Opcode == Opcode.LoadImm64));
    }

    [Fact]
    public void The_context_pointer_is_kept_only_by_a_program_that_reads_it()
    {
        static bool CopiesContext(IrProgram program) => MirLowering.Lower(new FixedPointLowering().Rewrite(program), CompilerOptions.Default).Items
            .Any(i => i.Instruction is { Src.Number: 1 } copy && MirOperands.IsMove(copy));
        Assert.False(CopiesContext(Program(Set(Value, X(1)), Exit(2))));
        Assert.True(CopiesContext(Program(Set(Value, To(IrType.Fixed, Length)), Exit(2))));
    }

    static IReadOnlyList<Instruction> Instructions(IrProgram program, IsaVersion isa)
        => EbpfCat.Compiler.Compile(program, CompilerOptions.Default with { Isa = isa }).Instructions.Items;
}

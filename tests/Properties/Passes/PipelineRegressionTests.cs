using Xunit;
using EbpfCat.Ir;
using EbpfCat.Isa;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>Programs the differential properties found to break the pipeline, kept as regressions.</summary>
public sealed class PipelineRegressionTests
{
    [Fact]
    public void Nested_ifs_whose_branches_all_exit_compile()
    {
        var x = Var("x", IrType.Fixed, 32);
        var b = Var("b", IrType.I8, 16);
        var program = Program(If(Cmp(CompareOperator.Equal, new Constant(0, IrType.I8, At), x),
            Block(If(Cmp(CompareOperator.NotEqual, new Constant(0, IrType.U32, At), b), Block(Exit(0)), Block(Exit(0)))),
            Block(Exit(0))));
        var compiled = EbpfCat.Compiler.Compile(program);
        Assert.All(compiled.Instructions, i => Assert.Null(i.Validate()));
    }

    [Fact]
    public void An_empty_then_branch_after_a_guarded_and_chain_keeps_its_guard()
        // regression (found by the lowering property): if (length >= 56 and packet[47] == 0) {} else exit became
        // if (not (length >= 56 and packet[47] == 0)) exit, whose packet read had no guard left
        => Compile(Program(If(And(Cmp(CompareOperator.GreaterOrEqual, Length, I(56)), Cmp(CompareOperator.Equal, Field(47, IrType.U8), I(0))),
            Block(), Block(Exit(1))), Exit(0)));

    [Fact]
    public void A_folded_unsigned_difference_stays_unsigned()
    {
        // regression (found by the kernel differential property through the LLVM back end): (u8)0 - 1 folded to a
        // signed -1, and its remainder by an unsigned variable became a signed remainder
        var left = Op(BinaryOperator.Subtract, To(IrType.U8, I(0)), I(1));
        var program = Program(Set(Var("Q", IrType.U64, 8), Op(BinaryOperator.RemainderTruncating, left, Var("H", IrType.U16, 2))), Exit(0));
        var simplified = new EbpfCat.Passes.Simplify().Rewrite(new EbpfCat.Passes.FixedPointLowering().Rewrite(program));
        Assert.False(TypeRules.IsSignedOperation(((Binary)((Assign)simplified.Body.Statements[0]).Value).Left, Var("H", IrType.U16, 2)));
    }

    [Fact]
    public void Dropping_an_and_with_minus_one_keeps_the_shift_that_reads_it_arithmetic()
    {
        // regression (found by the lowering property at 100,000 programs): x & -1 of an unsigned x is signed, so
        // (x & -1) >> 63 shifts arithmetically; the identity x & -1 = x left x unsigned and made the shift logical
        var q = Var("Q", IrType.U64, 8);
        var i = Var("i", IrType.I64, 16);
        var l = L(4, IrType.U64);
        var program = Program(Set(q, U(long.MinValue + 1)), Set(l, q),
            Add(i, Op(BinaryOperator.ShiftRight, Op(BinaryOperator.BitAnd, l, I(-1)), I(-1))), Exit(0));
        var lowered = new EbpfCat.Passes.FixedPointLowering().Rewrite(program);
        var expected = EbpfCat.Ir.Evaluation.IrEvaluator.Run(lowered, [], new EbpfCat.Ir.Evaluation.MapState());
        Assert.Equal(expected, EbpfCat.Ir.Evaluation.IrEvaluator.Run(new EbpfCat.Passes.Simplify().Rewrite(lowered), [], new EbpfCat.Ir.Evaluation.MapState()));
    }

    static IReadOnlyList<Instruction> Compile(IrProgram program)
    {
        var compiled = EbpfCat.Compiler.Compile(program);
        Assert.All(compiled.Instructions, i => Assert.Null(i.Validate()));
        return compiled.Instructions.Items;
    }

    [Fact]
    public void A_network_order_byte_needs_no_swap()
    {
        // regression: it emitted be8, which does not exist
        var code = Compile(Program(If(Cmp(CompareOperator.GreaterOrEqual, Length, I(2)),
            Block(Set(Field(1, IrType.U8, network: true), Field(0, IrType.I8, network: true)))), Exit(0)));
        Assert.DoesNotContain(code, i => i.Opcode.IsAlu && i.Opcode.AluOperation == AluOperation.End);
    }

    [Fact]
    public void A_byte_swap_of_a_byte_is_nothing()
        => Compile(Program(If(Cmp(CompareOperator.GreaterOrEqual, Length, I(1)), Block(Exit(Op(UnaryOperator.ByteSwap, Field(0, IrType.U8))))), Exit(0)));

    [Fact]
    public void A_signed_network_order_quadword_is_not_sign_extended()
        // regression: it emitted a sign-extending move from 64 bits
        => Compile(Program(If(Cmp(CompareOperator.GreaterOrEqual, Length, I(8)), Block(Exit(Field(0, IrType.I64, network: true)))), Exit(0)));

    [Fact]
    public void An_unsigned_value_shifted_by_a_signed_amount_shifts_logically()
    {
        // regression: a signed shift amount made >> arithmetic
        var amount = L(1, IrType.I64, "n");
        var code = Compile(Program(Set(amount, Var("q", IrType.I64, 24)), Exit(Op(BinaryOperator.ShiftRight, Var("Q", IrType.U64, 8), amount))));
        Assert.Contains(code, i => i.Opcode.IsAlu && i.Opcode.AluOperation == AluOperation.Rsh);
        Assert.DoesNotContain(code, i => i.Opcode.IsAlu && i.Opcode.AluOperation == AluOperation.Arsh);
    }

    [Fact]
    public void Floor_division_by_a_zero_register_skips_the_floor_correction()
    {
        // regression: x // 0 gave −1 for negative x (the correction saw a remainder whose sign differs from 0's)
        var divisor = L(1, IrType.I64, "d");
        var code = Compile(Program(Set(divisor, Var("q", IrType.I64, 24)), Exit(Op(BinaryOperator.FloorDivide, Var("i", IrType.I32, 20), divisor))));
        Assert.Contains(code, i => i.Opcode == Opcode.Jump(JumpOperation.JEQ, OperandSource.Constant) && i.Immediate == 0);
        Assert.Equal(0, EbpfCat.Passes.ConstantArithmetic.Binary(BinaryOperator.FloorDivide, -7, 0, signed: true));
    }

    [Fact]
    public void Register_allocation_converges_with_narrow_locals_around_a_negative_guard()
    {
        var l1 = L(1, IrType.I16); var l4 = L(4, IrType.U32); var l5 = L(5, IrType.I16); var l6 = L(6, IrType.Fixed);
        var l8 = L(8, IrType.U8); var l11 = L(11, IrType.I16); var l12 = L(12, IrType.Fixed); var l13 = L(13, IrType.Fixed); var l14 = L(14, IrType.U8);
        var program = Program(
            Set(l1, X(0)), Set(l4, X(0)), Set(l5, I(0)), Set(l6, U(0)), Set(l8, new Constant(0, IrType.U8, At)),
            Set(l11, I(0)), Set(l12, Op(BinaryOperator.Add, X(0), l6)), Set(l13, l6), Set(l14, I(0)),
            If(Cmp(CompareOperator.Greater, new Constant(3, IrType.I32, At), Length), Block(), Block(
                Set(l4, new Constant(0, IrType.I16, At)),
                Add(l11, l1),
                If(Cmp(CompareOperator.Greater, Op(BinaryOperator.Divide, l12, l12), X(0)),
                    Block(Add(l8, l6), Set(HashVar("hQ", 2, IrType.U64), Field(1, IrType.U8, network: true)), Exit(U(0))),
                    Block(Set(l5, Field(1, IrType.I16, network: true)), Set(l14, l12), Exit(Field(2, IrType.U8)))))),
            Exit(Op(BinaryOperator.Add, Op(BinaryOperator.Add, Op(BinaryOperator.Add, Op(BinaryOperator.BitXor, Op(BinaryOperator.Add, l1, l4), l5), l6), l12), l14)));
        var code = Compile(program);
        Assert.All(code, i => Assert.Null(i.Validate()));
    }
}

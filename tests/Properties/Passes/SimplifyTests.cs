using Xunit;
using EbpfCat.Ir;
using EbpfCat.Ir.Evaluation;
using EbpfCat.Passes;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>Simplification alone (on integer IR, as after lowering): input → expected, compared as records.</summary>
public sealed class SimplifyTests
{
    static readonly LocalRef N = L(1, IrType.I64, "n");
    static readonly LocalRef U = L(2, IrType.U64, "u");
    static readonly LocalRef W = L(3, IrType.U32, "w");

    static Expr Simplified(Expr e) => ((Exit)new Simplify().Rewrite(Program(Exit(e))).Body.Statements[0]).Value;

    public static TheoryData<BinaryOperator, long, long, long> Folds() => new()
    {
        { BinaryOperator.Add, 3, 4, 7 },
        { BinaryOperator.Add, long.MaxValue, 1, long.MinValue },
        { BinaryOperator.Subtract, 3, 4, -1 },
        { BinaryOperator.Multiply, -3, 4, -12 },
        { BinaryOperator.DivideTruncating, -7, 2, -3 },
        { BinaryOperator.RemainderTruncating, -7, 2, -1 },
        { BinaryOperator.FloorDivide, -7, 2, -4 },
        { BinaryOperator.FloorDivide, 7, -2, -4 },
        { BinaryOperator.Modulo, -7, 2, 1 },
        { BinaryOperator.Modulo, 7, -2, -1 },
        { BinaryOperator.DivideTruncating, 7, 0, 0 },
        { BinaryOperator.RemainderTruncating, -7, 0, -7 },
        { BinaryOperator.FloorDivide, -7, 0, 0 },   // regression: the floor correction made it −1
        { BinaryOperator.Modulo, -7, 0, -7 },
        { BinaryOperator.DivideTruncating, long.MinValue, -1, long.MinValue },
        { BinaryOperator.ShiftLeft, 1, 4, 16 },
        { BinaryOperator.ShiftLeft, 1, 64, 1 },     // the shift amount is masked to six bits
        { BinaryOperator.ShiftRight, -16, 2, -4 },
        { BinaryOperator.BitAnd, 12, 10, 8 },
        { BinaryOperator.BitOr, 12, 10, 14 },
        { BinaryOperator.BitXor, 12, 10, 6 },
    };

    [Theory]
    [MemberData(nameof(Folds))]
    public void Folds_each_operator_with_the_instructions_semantics(BinaryOperator op, long a, long b, long expected)
        => Assert.Equal(I(expected), Simplified(Op(op, I(a), I(b))));

    [Fact]
    public void An_unsigned_right_shift_is_logical()
        => Assert.Equal(new Constant(long.MaxValue >> 1, IrType.U64, At), Simplified(Op(BinaryOperator.ShiftRight, U(-1), I(2))));

    [Fact]
    public void Unary_operators_and_conversions_fold()
    {
        Assert.Equal(I(-5), Simplified(Op(UnaryOperator.Negate, I(5))));
        Assert.Equal(I(5), Simplified(Op(UnaryOperator.Abs, I(-5))));
        Assert.Equal(I(~5), Simplified(Op(UnaryOperator.BitNot, I(5))));
        Assert.Equal(new Constant(0x3412, IrType.U16, At), Simplified(Op(UnaryOperator.ByteSwap, new Constant(0x1234, IrType.U16, At))));
        Assert.Equal(new Constant(-1, IrType.I8, At), Simplified(To(IrType.I8, I(255))));
        Assert.Equal(new Constant(255, IrType.U8, At), Simplified(To(IrType.U8, I(-1))));
    }

    public static TheoryData<string, Expr, Expr> Identities() => new()
    {
        { "x + 0", Op(BinaryOperator.Add, N, I(0)), N },
        { "x - 0", Op(BinaryOperator.Subtract, N, I(0)), N },
        { "x * 1", Op(BinaryOperator.Multiply, N, I(1)), N },
        { "x / 1", Op(BinaryOperator.DivideTruncating, U, I(1)), U },
        { "x & -1", Op(BinaryOperator.BitAnd, N, I(-1)), N },
        { "x | 0", Op(BinaryOperator.BitOr, N, I(0)), N },
        { "x << 0", Op(BinaryOperator.ShiftLeft, N, I(0)), N },
        { "not not c", Not(Not(Cmp(CompareOperator.Less, N, I(1)))), Cmp(CompareOperator.Less, N, I(1)) },
        { "true and c", And(True, Cmp(CompareOperator.Less, N, I(1))), Cmp(CompareOperator.Less, N, I(1)) },
        { "c or false", Or(Cmp(CompareOperator.Less, N, I(1)), False), Cmp(CompareOperator.Less, N, I(1)) },
        { "a comparison of constants", Cmp(CompareOperator.Less, I(-1), I(1)), True },
        { "an unsigned comparison of constants", Cmp(CompareOperator.Less, U(-1), I(1)), False },
        // a u32 value is kept as is: x + 0 in 64 bits is not the u32 itself once it is stored wider
        { "no identity on a narrower type", Op(BinaryOperator.Add, W, I(0)), Op(BinaryOperator.Add, W, I(0)) },
        // a helper call keeps its effect even when the condition's value is known
        { "false and a call", And(False, Cmp(CompareOperator.Less, new HelperCall(7, [], IrType.U32, At), I(1))),
            And(False, Cmp(CompareOperator.Less, new HelperCall(7, [], IrType.U32, At), I(1))) },
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public void Applies_identities(string description, Expr input, Expr expected)
        => Assert.True(expected == Simplified(input), $"{description}: {Simplified(input)}");

    [Fact]
    public void Folding_keeps_a_signed_comparison_signed()
    {
        // regression: (0 - 0) folded to a constant 0, which adapts, and turned 0 < u (signed before) into an unsigned comparison
        var input = Cmp(CompareOperator.Less, Op(BinaryOperator.Subtract, I(0), I(0)), U);
        var simplified = Simplified(input);
        Assert.Equal(Cmp(CompareOperator.Less, I(0), To(IrType.I64, U)), simplified);
        var before = Program(Set(U, U(-1)), If(input, Block(Exit(1))), Exit(0));
        Assert.Equal(IrEvaluator.Run(before, [], new MapState()), IrEvaluator.Run(new Simplify().Rewrite(before), [], new MapState()));
    }

    [Fact]
    public void An_if_on_a_constant_keeps_only_the_branch_taken()
    {
        var program = Program(If(Cmp(CompareOperator.Less, I(1), I(2)), Block(Set(N, I(1))), Block(Set(N, I(2)))), Exit(N));
        Assert.Equal(Block(Set(N, I(1)), Exit(N)), new Simplify().Rewrite(program).Body);
    }

    [Fact]
    public void Code_after_exit_is_dropped()
        => Assert.Equal(Block(Set(N, I(1)), Exit(N)), new Simplify().Rewrite(Program(Set(N, I(1)), Exit(N), Set(N, I(2)), Exit(0))).Body);

    [Fact]
    public void Code_after_an_if_whose_branches_both_exit_is_dropped()
    {
        var both = If(Cmp(CompareOperator.Less, N, I(2)), Block(Exit(1)), Block(Exit(2)));
        Assert.Equal(Block(Set(N, I(1)), both), new Simplify().Rewrite(Program(Set(N, I(1)), both, Exit(0))).Body);
    }

    [Fact]
    public void An_empty_if_without_effects_disappears()
        => Assert.Equal(Block(Exit(0)), new Simplify().Rewrite(Program(If(Cmp(CompareOperator.Less, N, I(2)), Block()), Exit(0))).Body);

    [Fact]
    public void An_empty_then_branch_flips_a_packet_guard_into_a_guard()
    {
        // regression: it became `not (length < 14)`, which instruction selection did not see as a guard
        var write = Set(Field(12, IrType.U16), I(1));
        var input = Program(If(Cmp(CompareOperator.Less, Length, I(14)), Block(), Block(write)), Exit(0));
        Assert.Equal(Block(If(Cmp(CompareOperator.GreaterOrEqual, Length, I(14)), Block(write)), Exit(0)), new Simplify().Rewrite(input).Body);
        Assert.All(EbpfCat.Compiler.Compile(input).Instructions, i => Assert.Null(i.Validate()));
    }
}

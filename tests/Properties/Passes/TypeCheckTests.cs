using Xunit;
using EbpfCat.Diagnostics;
using EbpfCat.Ir;
using EbpfCat.Passes;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>The type check alone: each program either passes or yields exactly the listed diagnostic ids, at the listed lines.</summary>
public sealed class TypeCheckTests
{
    static readonly MapVariableRef U8Var = Var("B", IrType.U8, 0);
    static readonly MapVariableRef I8Var = Var("b", IrType.I8, 16);
    static readonly MapVariableRef I16Var = Var("h", IrType.I16, 18) with { Location = Line(7) };
    static readonly MapVariableRef I32Var = Var("i", IrType.I32, 20);
    static readonly LocalRef N = L(1, IrType.I64, "n");

    public static TheoryData<string, IrProgram, string[]> Cases() => new()
    {
        { "a well-typed program", Program(Set(N, I(1)), Add(I32Var, N), Exit(N)), [] },
        { "a condition used as a number", Program(Exit(Cmp(CompareOperator.Less, I(1), I(2)))), [DiagnosticIds.TypeMismatch] },
        { "a number used as a condition", Program(If(I(1), Block(Exit(1))), Exit(0)), [DiagnosticIds.TypeMismatch] },
        { "a condition assigned to a local is a number 0 or 1", Program(Set(N, Cmp(CompareOperator.Less, I(1), I(2))), Exit(N)), [] },
        { "a bit operation on fixed point", Program(Exit(To(IrType.I64, Op(BinaryOperator.BitAnd, X(1.5), I(1))))), [DiagnosticIds.FixedPointBitOperation] },
        { "a shift of fixed point", Program(Exit(To(IrType.I64, Op(BinaryOperator.ShiftLeft, X(1.5), I(1))))), [DiagnosticIds.FixedPointBitOperation] },
        { "bit-not of fixed point", Program(Exit(To(IrType.I64, Op(UnaryOperator.BitNot, X(1.5))))), [DiagnosticIds.FixedPointBitOperation] },
        { "truncating division of fixed point is an integer, so it may be shifted",
            Program(Exit(Op(BinaryOperator.ShiftLeft, Op(BinaryOperator.DivideTruncating, X(7), X(2)), I(1)))), [] },
        { "+= on a 2-byte array variable", Program(Add(I16Var, I(1)), Exit(0)), [DiagnosticIds.AtomicAddSize] },
        { "+= on a 1-byte array variable", Program(Add(U8Var, I(1)), Exit(0)), [DiagnosticIds.AtomicAddSize] },
        { "+= on a packet field", Program(If(Cmp(CompareOperator.GreaterOrEqual, Length, I(4)), Block(Add(Field(0, IrType.U32), I(1)))), Exit(0)), [DiagnosticIds.AtomicAddSize] },
        { "+= on a 4-byte array variable and a hash variable", Program(Add(I32Var, I(1)), Add(HashVar("h", 1), I(1)), Exit(0)), [] },
        { "assignment to a constant", Program(Set(I(1), I(2)), Exit(0)), [DiagnosticIds.NotAssignable] },
        { "assignment to an expression", Program(Set(Op(BinaryOperator.Add, I32Var, I(1)), I(2)), Exit(0)), [DiagnosticIds.NotAssignable] },
        { "a constant too large for u8", Program(Set(U8Var, I(256)), Exit(0)), [DiagnosticIds.ConstantOverflow] },
        { "a negative constant for u8", Program(Set(U8Var, I(-1)), Exit(0)), [DiagnosticIds.ConstantOverflow] },
        { "a constant too small for i8", Program(Set(I8Var, I(-129)), Exit(0)), [DiagnosticIds.ConstantOverflow] },
        { "the edges of u8 and i8 fit", Program(Set(U8Var, I(255)), Set(I8Var, I(-128)), Set(I8Var, I(127)), Exit(0)), [] },
        { "a local read before any assignment", Program(Exit(N)), [DiagnosticIds.UnassignedLocal] },
        { "a local assigned on one branch only", Program(If(Cmp(CompareOperator.Less, I32Var, I(2)), Block(Set(N, I(1)))), Exit(N)), [DiagnosticIds.UnassignedLocal] },
        { "a local assigned on both branches",
            Program(If(Cmp(CompareOperator.Less, I32Var, I(2)), Block(Set(N, I(1))), Block(Set(N, I(2)))), Exit(N)), [] },
        { "a local assigned on the branch that does not exit",
            Program(If(Cmp(CompareOperator.Less, I32Var, I(2)), Block(Exit(1)), Block(Set(N, I(2)))), Exit(N)), [] },
        { "+= on a local never assigned", Program(Add(N, I(1)), Exit(0)), [DiagnosticIds.UnassignedLocal] },
        { "a constant condition (regression: endless recursion)", Program(If(True, Block(Exit(1))), If(Not(False), Block(Exit(2))), Exit(0)), [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_exactly_the_expected_diagnostics(string description, IrProgram program, string[] expected)
    {
        var ids = TypeCheck.Run(program).Select(d => d.Id).ToArray();
        Assert.True(expected.SequenceEqual(ids), $"{description}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", ids)}]\n{program}");
    }

    [Fact]
    public void The_atomic_add_size_error_names_the_variable_and_its_line()
    {
        var diagnostic = Assert.Single(TypeCheck.Run(Program(Add(I16Var, I(1), Line(9)), Exit(0))));
        Assert.Equal(DiagnosticIds.AtomicAddSize, diagnostic.Id);
        Assert.Equal(Line(7), diagnostic.Location);
        Assert.Contains("'h' is 2 bytes wide", diagnostic.Message);
    }

    [Fact]
    public void The_unassigned_local_error_points_at_the_read()
    {
        var read = L(1, IrType.I64, "n") with { Location = Line(12) };
        var diagnostic = Assert.Single(TypeCheck.Run(Program(Exit(read))));
        Assert.Equal(Line(12), diagnostic.Location);
        Assert.Contains("'n'", diagnostic.Message);
    }
}

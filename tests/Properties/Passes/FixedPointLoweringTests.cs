using Xunit;
using EbpfCat.Ir;
using EbpfCat.Ir.Evaluation;
using EbpfCat.Passes;
using EbpfCat.Properties.Support;
using FsCheck;
using FsCheck.Fluent;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>Fixed-point lowering alone: the seed's examples and properties against System.Decimal, each run by
/// the reference evaluator before and after the pass; afterwards no node has fixed-point type.</summary>
public sealed class FixedPointLoweringTests
{
    static readonly MapVariableRef FixedVar = Var("fixed_var", IrType.Fixed, 32);
    static readonly MapVariableRef Other = Var("other", IrType.Fixed, 40);
    static readonly MapVariableRef NormalVar = Var("normal_var", IrType.I64, 24);

    /// <summary>Runs the program before and after lowering; both must agree; returns the map bytes after the run.</summary>
    static byte[] RunBothWays(IrProgram program, MapState? maps = null)
    {
        maps ??= new MapState();
        var before = IrEvaluator.Run(program, [], maps);
        var lowered = new FixedPointLowering().Rewrite(program);
        Assert.Empty(FixedNodes(lowered));
        Assert.Equal(before, IrEvaluator.Run(lowered, [], maps));
        return before.Maps.Bytes(Globals);
    }

    static long Read(byte[] globals, int offset) => BitConverter.ToInt64(globals, offset);

    static MapState With(params (int Offset, long Value)[] values)
    {
        var maps = new MapState();
        foreach (var (offset, value) in values) BitConverter.TryWriteBytes(maps.Array(Globals).AsSpan(offset), value);
        return maps;
    }

    [Fact]
    public void A_constant_is_stored_as_its_raw_value()
        => Assert.Equal(350000, Read(RunBothWays(Program(Set(FixedVar, X(3.5)), Exit(0))), 32));

    [Fact]
    public void Constants_round_to_the_nearest_raw_value()
        => Assert.Equal(230000, Read(RunBothWays(Program(Set(FixedVar, X(2.3)), Exit(0))), 32));

    [Theory]
    [InlineData(370000, 3)]
    [InlineData(-370000, -3)]
    [InlineData(99999, 0)]
    public void Fixed_point_assigned_to_an_integer_truncates_toward_zero(long raw, long expected)
        => Assert.Equal(expected, Read(RunBothWays(Program(Set(NormalVar, FixedVar), Exit(0)), With((32, raw))), 24));

    [Theory]
    [InlineData(7, 140000)]
    [InlineData(-7, -140000)]
    [InlineData(1, 20000)]
    public void True_division_of_integers_keeps_decimals(long normal, long expectedRaw)
        => Assert.Equal(expectedRaw, Read(RunBothWays(Program(Set(FixedVar, Op(BinaryOperator.Divide, NormalVar, I(5))), Exit(0)), With((24, normal))), 32));

    [Theory]
    [InlineData(7, 100000)]
    [InlineData(-7, -200000)]
    [InlineData(-10, -200000)]
    public void Floor_division_floors_toward_minus_infinity(long normal, long expectedRaw)
        => Assert.Equal(expectedRaw, Read(RunBothWays(Program(Set(FixedVar, Op(BinaryOperator.FloorDivide, NormalVar, I(5))), Exit(0)), With((24, normal))), 32));

    [Fact]
    public void A_constant_factor_and_the_scale_lose_their_common_divisor()
    {
        // x × 1.5 is x × 3 / 2 (not x × 150000 / 100000): the same wherever the product fits, in fewer instructions
        var program = Program(Set(FixedVar, Op(BinaryOperator.Multiply, FixedVar, X(1.5))), Exit(0));
        var lowered = (Assign)new FixedPointLowering().Rewrite(program).Body.Statements[0];
        Assert.Equal(Op(BinaryOperator.DivideTruncating, Op(BinaryOperator.Multiply, FixedVar with { Variable = FixedVar.Variable with { Type = IrType.I64 } }, I(3)), I(2)), lowered.Value);
        Assert.Equal(-1_234_567 * 3 / 2, Read(RunBothWays(program, With((32, -1_234_567))), 32));
        // × 2.0 is a multiplication by 2 alone; × 0.00001 a division by the scale alone
        Assert.Equal(2 * 777_777L, Read(RunBothWays(Program(Set(FixedVar, Op(BinaryOperator.Multiply, X(2), FixedVar)), Exit(0)), With((32, 777_777))), 32));
        Assert.Equal(-7, Read(RunBothWays(Program(Set(FixedVar, Op(BinaryOperator.Multiply, FixedVar, X(0.00001))), Exit(0)), With((32, -777_777))), 32));
    }

    [Fact]
    public void Exit_with_a_fixed_point_value_truncates()
        => Assert.Equal(-2, IrEvaluator.Run(new FixedPointLowering().Rewrite(Program(Exit(X(-2.7)))), [], new MapState()).ReturnValue);

    [Fact]
    public void Truncating_division_of_fixed_point_is_an_integer_quotient()
    {
        // regression: it used to divide the raw values and call the quotient fixed point (7.0 / 2.0 = 0.00003)
        Assert.Equal(3, Read(RunBothWays(Program(Set(NormalVar, Op(BinaryOperator.DivideTruncating, X(7), FixedVar)), Exit(0)), With((32, 200000))), 24));
    }

    [Fact]
    public void An_unsigned_integer_in_fixed_point_arithmetic_stays_signed()
    {
        // regression: u16 × 0.5 − 3 < 0 compared the raw values unsigned after lowering
        var u16 = Var("H", IrType.U16, 2);
        var program = Program(If(Cmp(CompareOperator.Less, Op(BinaryOperator.Subtract, Op(BinaryOperator.Multiply, u16, X(0.5)), X(3)), X(0)),
            Block(Exit(1))), Exit(0));
        var maps = new MapState();
        maps.Array(Globals)[2] = 1;
        Assert.Equal(1, IrEvaluator.Run(program, [], maps).ReturnValue);
        Assert.Equal(1, IrEvaluator.Run(new FixedPointLowering().Rewrite(program), [], maps).ReturnValue);
    }

    [Fact]
    public void Rewritten_nodes_have_the_types_of_their_new_operands()
    {
        // regression: Binary stored its type, so `with { Left = ... }` kept fixed point after lowering
        var sum = Op(BinaryOperator.Add, X(1), X(2));
        Assert.Equal(IrType.I64, (sum with { Left = I(1), Right = I(2) }).Type);
    }

    public enum FixedOperation { Add, Subtract, Multiply, Divide, FloorDivide, Modulo, Less }

    // mostly small enough that products do not overflow (|a·b| < 9.2e8), sometimes up to ±1e6
    static Gen<long> Raw { get; } = Gen.Frequency((1, Gen.Choose(-1_000_000, 1_000_000)), (2, Gen.Choose(-30_000, 30_000)))
        .SelectMany(v => Gen.Choose(0, 99999).Select(f => v * 100_000L + (v < 0 ? -f : f)));

    static readonly Arbitrary<(long A, long B, FixedOperation Op, bool IntegerB)> Operands = Arb.From(
        from a in Gen.Frequency((1, Gen.Elements(0L, 1L, -1L, 100000L, -100000L)), (4, Raw))
        from b in Gen.Frequency((1, Gen.Elements(0L, 1L, -1L, 100000L, -50000L)), (4, Raw))
        from op in Gen.Elements(Enum.GetValues<FixedOperation>())
        from integer in Gen.Elements(false, true)
        select (a, integer ? b / 100000 : b, op, integer));

    [Fact]
    public void Lowered_arithmetic_matches_decimal_arithmetic()
        => PropertyRuns.Check(Operands, t =>
        {
            decimal a = t.A / 100000m, b = t.IntegerB ? t.B : t.B / 100000m;
            Expr right = t.IntegerB ? NormalVar : Other;
            var maps = With((32, t.A), (40, t.B), (24, t.B));
            // the expected value as raw fixed point, from the mathematical definition
            decimal Truncate5(decimal d) => Math.Truncate(d * 100000m);
            decimal? expected = t.Op switch
            {
                FixedOperation.Add => (a + b) * 100000m,
                FixedOperation.Subtract => (a - b) * 100000m,
                FixedOperation.Multiply => Truncate5(a * b),
                FixedOperation.Divide => b == 0 ? 0 : Truncate5(a / b),
                FixedOperation.FloorDivide => b == 0 ? 0 : Math.Floor(a / b) * 100000m,
                FixedOperation.Modulo => b == 0 ? a * 100000m : (a - b * Math.Floor(a / b)) * 100000m,
                _ => null,
            };
            var op = t.Op switch
            {
                FixedOperation.Add => BinaryOperator.Add,
                FixedOperation.Subtract => BinaryOperator.Subtract,
                FixedOperation.Multiply => BinaryOperator.Multiply,
                FixedOperation.Divide => BinaryOperator.Divide,
                FixedOperation.FloorDivide => BinaryOperator.FloorDivide,
                _ => BinaryOperator.Modulo,
            };
            var program = t.Op == FixedOperation.Less
                ? Program(If(Cmp(CompareOperator.Less, FixedVar, right), Block(Exit(1))), Exit(0))
                : Program(Set(FixedVar, Op(op, FixedVar, right)), Exit(0));
            EvaluationResult original;
            try { original = IrEvaluator.Run(program, [], maps); }
            catch (FixedPointOverflowException) { return; } // past ±9.2e8 for ×, as documented
            if (expected is null) Assert.Equal(a < b ? 1 : 0, original.ReturnValue);
            else Assert.Equal((long)expected.Value, Read(original.Maps.Bytes(Globals), 32));
            Assert.Equal(original, IrEvaluator.Run(new FixedPointLowering().Rewrite(program), [], maps));
        });

    static IEnumerable<Expr> FixedNodes(IrProgram program)
    {
        var found = new List<Expr>();
        new Collector(found).Rewrite(program);
        return found;
    }

    sealed class Collector(List<Expr> found) : IrRewriter
    {
        protected override Expr RewriteConstant(Constant node) => Note(node);
        protected override Expr RewriteLocal(LocalRef node) => Note(node);
        protected override Expr RewriteMapVariable(MapVariableRef node) => Note(node);
        protected override Expr RewriteBinary(Binary node) => Note(base.RewriteBinary(node));
        protected override Expr RewriteUnary(Unary node) => Note(base.RewriteUnary(node));
        protected override Expr RewriteConversion(Ir.Conversion node) => Note(base.RewriteConversion(node));
        Expr Note(Expr e) { if (e.Type is FixedType) found.Add(e); return e; }
    }
}

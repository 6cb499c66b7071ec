using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>Pass: turns fixed point into integer arithmetic on raw values (units of 1/100000),
/// with the seed's rules. Afterwards no expression has fixed-point type.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Mixing an integer with fixed point rescales the integer first (× 100000).</item>
/// <item>fixed × fixed divides the product by the scale; it overflows past about ±9.2e8 (the raw
/// product must fit 64 bits). With a constant factor, the factor and the scale are first divided by their
/// greatest common divisor (× 1.5 is × 3 / 2): the same result wherever the product fits.</item>
/// <item>True division yields fixed point: the dividend is scaled so the quotient keeps five decimals,
/// truncated toward zero.</item>
/// <item>Floor division yields an integer rounded toward −∞, also for negative values; truncating division an integer rounded toward zero.</item>
/// <item>Fixed point stored into an integer, or converted to one, truncates toward zero.</item>
/// </list>
/// Signed operations stay signed: a raw fixed-point value is an <see cref="IrType.I64"/>.
/// </remarks>
/// <example><code>IrProgram lowered = new FixedPointLowering().Rewrite(program);</code></example>
public sealed class FixedPointLowering : IrRewriter
{
    static readonly long Scale = FixedType.Scale;

    /// <inheritdoc/>
    protected override Expr RewriteConstant(Constant node)
        => node.Type is FixedType ? node with { ConstantType = IrType.I64 } : node;

    /// <inheritdoc/>
    protected override Expr RewriteLocal(LocalRef node)
        => node.Type is FixedType ? node with { Local = node.Local with { Type = IrType.I64 } } : node;

    /// <inheritdoc/>
    protected override Expr RewriteMapVariable(MapVariableRef node)
        => node.Type is FixedType ? node with { Variable = node.Variable with { Type = IrType.I64 } } : node;

    /// <inheritdoc/>
    protected override Expr RewriteBinary(Binary node)
    {
        bool lf = node.Left.Type is FixedType, rf = node.Right.Type is FixedType;
        var l = Rewrite(node.Left);
        var r = Rewrite(node.Right);
        var at = node.Location;
        switch (node.Operator)
        {
            case BinaryOperator.Divide:
                // quotient raw = a/b × S; numerator scaled by what the operands lack.
                var numerator = (lf, rf) switch
                {
                    (false, true) => Times(Times(l, Scale, at), Scale, at),
                    (true, true) or (false, false) => Times(l, Scale, at),
                    _ => l,
                };
                return new Binary(BinaryOperator.DivideTruncating, numerator, Signed(r), at);
            case BinaryOperator.FloorDivide or BinaryOperator.DivideTruncating:
                // floor (or trunc) of a / b for real a, b: bring both to the same scale, then divide the raw values.
                return new Binary(node.Operator, lf || !rf ? l : Times(l, Scale, at), rf || !lf ? r : Times(r, Scale, at), at);
            case BinaryOperator.Multiply when lf && rf && (r is Constant || l is Constant):
                // × a constant: the raw constant and the scale lose their common factor (× 1.5 is × 3 / 2); the same
                // quotient whenever the full product fits, which is the only case with a defined result
                var (factor, other) = r is Constant k ? (k.Value, l) : (((Constant)l).Value, r);
                long common = (long)System.Numerics.BigInteger.GreatestCommonDivisor(factor, Scale);
                Expr product = factor / common == 1 ? other : new Binary(BinaryOperator.Multiply, other, I64(factor / common, at), at);
                return Scale / common == 1 ? product : new Binary(BinaryOperator.DivideTruncating, product, I64(Scale / common, at), at);
            case BinaryOperator.Multiply when lf && rf:
                return new Binary(BinaryOperator.DivideTruncating, new Binary(BinaryOperator.Multiply, l, r, at), I64(Scale, at), at);
            case BinaryOperator.Multiply when lf || rf:
                return node with { Left = Signed(l), Right = Signed(r) };
            case BinaryOperator.Multiply:
                return Same(node.Left, l) && Same(node.Right, r) ? node : node with { Left = l, Right = r };
            default:
                if (lf == rf) return Same(node.Left, l) && Same(node.Right, r) ? node : node with { Left = l, Right = r };
                return node with { Left = lf ? l : Times(l, Scale, at), Right = rf ? r : Times(r, Scale, at) };
        }
    }

    /// <inheritdoc/>
    protected override Expr RewriteCompare(Compare node)
    {
        bool lf = node.Left.Type is FixedType, rf = node.Right.Type is FixedType;
        var l = Rewrite(node.Left);
        var r = Rewrite(node.Right);
        if (lf != rf) return node with { Left = lf ? l : Times(l, Scale, node.Location), Right = rf ? r : Times(r, Scale, node.Location) };
        return Same(node.Left, l) && Same(node.Right, r) ? node : node with { Left = l, Right = r };
    }

    /// <inheritdoc/>
    protected override Expr RewriteConversion(Conversion node)
    {
        var operand = Rewrite(node.Operand);
        IrType from = node.Operand.Type, to = node.TargetType;
        if (from is not FixedType && to is not FixedType)
            return Same(node.Operand, operand) ? node : node with { Operand = operand };
        var raw = Retype(operand, from, to, node.Location);
        return to is FixedType || to == IrType.I64 ? raw : new Conversion(raw, to, node.Location);
    }

    /// <inheritdoc/>
    protected override Stmt RewriteAssign(Assign node)
    {
        var target = Rewrite(node.Target);
        var value = Retype(Rewrite(node.Value), node.Value.Type, node.Target.Type, node.Location);
        return Same(node.Target, target) && Same(node.Value, value) ? node : node with { Target = target, Value = value };
    }

    /// <inheritdoc/>
    protected override Stmt RewriteAtomicAdd(AtomicAdd node)
    {
        var target = Rewrite(node.Target);
        var value = Retype(Rewrite(node.Value), node.Value.Type, node.Target.Type, node.Location);
        return Same(node.Target, target) && Same(node.Value, value) ? node : node with { Target = target, Value = value };
    }

    /// <inheritdoc/>
    protected override Stmt RewriteExit(Exit node)
    {
        var value = Retype(Rewrite(node.Value), node.Value.Type, IrType.I64, node.Location);
        return Same(node.Value, value) ? node : node with { Value = value };
    }

    /// <summary>A lowered value of type <paramref name="from"/> as a lowered value of type <paramref name="to"/>:
    /// integer → fixed scales, fixed → integer truncates toward zero.</summary>
    static Expr Retype(Expr lowered, IrType from, IrType to, SourceLocation at) => (from, to) switch
    {
        (FixedType, FixedType) => lowered,
        (FixedType, _) => new Binary(BinaryOperator.DivideTruncating, lowered, I64(Scale, at), at),
        (_, FixedType) => Times(lowered, Scale, at),
        _ => lowered,
    };

    static Expr Times(Expr e, long factor, SourceLocation at)
        => e is Constant c ? c with { Value = checked(c.Value * factor), ConstantType = IrType.I64 } : new Binary(BinaryOperator.Multiply, Signed(e), I64(factor, at), at);

    /// <summary>The lowered operand as a signed value: fixed point is signed, so an unsigned integer taking
    /// part in fixed-point arithmetic must not make the raw operation unsigned (<c>u16 × 0.5 − 3 &lt; 0</c>).
    /// The conversion to i64 costs no code.</summary>
    static Expr Signed(Expr e) => e.Type is IntType { Signed: false } && e is not Constant { Value: >= 0 } ? new Conversion(e, IrType.I64, e.Location) : e;

    static Constant I64(long value, SourceLocation at) => new(value, IrType.I64, at);
}

using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>Pass: constant folding (with the instructions' own semantics, see <see cref="ConstantArithmetic"/>),
/// identities such as <c>x + 0</c>, if/else on a constant condition, empty branches, and dead code after exit.</summary>
/// <remarks>Runs after fixed-point lowering, so every value is an integer.</remarks>
/// <example><code>IrProgram simpler = new Simplify().Rewrite(lowered);</code></example>
public sealed class Simplify : IrRewriter
{
    /// <inheritdoc/>
    protected override Expr RewriteBinary(Binary node)
    {
        var folded = KeepSignedness(node, (Binary)base.RewriteBinary(node));
        if (folded.Left is Constant a && folded.Right is Constant b)
        {
            // The operation's signedness and type are the original node's: operands folded to non-negative
            // constants adapt to anything, so (u8)0 - 1 would otherwise become a signed -1 and change the
            // meaning of what uses it (a remainder, a comparison).
            var signed = node.Operator == BinaryOperator.ShiftRight ? TypeRules.IsSigned(node.Left.Type) : TypeRules.IsSignedOperation(node.Left, node.Right);
            return new Constant(ConstantArithmetic.Binary(folded.Operator, a.Value, b.Value, signed), node.Type, folded.Location);
        }
        // The identity keeps the operation's type: x & -1 is signed for an unsigned x (the -1 makes it so), and a shift
        // or a division that reads it must stay signed; the conversion between 64-bit types costs no code.
        if (folded.Right is Constant { Value: var k } && IsIdentity(folded.Operator, k) && folded.Left.Type is IntType { Bits: 64 } left)
            return node.Type is IntType { Bits: 64 } type && type.Signed != left.Signed ? new Conversion(folded.Left, type, folded.Location) : folded.Left;
        return folded;
    }

    static bool IsIdentity(BinaryOperator op, long k) => (op, k) switch
    {
        (BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.BitOr or BinaryOperator.BitXor or BinaryOperator.ShiftLeft or BinaryOperator.ShiftRight, 0) => true,
        (BinaryOperator.Multiply or BinaryOperator.DivideTruncating or BinaryOperator.FloorDivide, 1) => true,
        (BinaryOperator.BitAnd, -1) => true,
        _ => false,
    };

    /// <inheritdoc/>
    protected override Expr RewriteUnary(Unary node)
    {
        var folded = (Unary)base.RewriteUnary(node);
        return folded.Operand is Constant a
            ? new Constant(ConstantArithmetic.Unary(folded.Operator, a.Value, a.Type), folded.Type, folded.Location)
            : folded;
    }

    /// <inheritdoc/>
    protected override Expr RewriteConversion(Conversion node)
    {
        var folded = (Conversion)base.RewriteConversion(node);
        return folded.Operand is Constant a && folded.TargetType is IntType t
            ? new Constant(ConstantArithmetic.Narrow(a.Value, t), t, folded.Location)
            : folded;
    }

    /// <inheritdoc/>
    protected override Expr RewriteCompare(Compare node)
    {
        var folded = KeepSignedness(node, (Compare)base.RewriteCompare(node));
        if (folded.Left is Constant a && folded.Right is Constant b)
            return Bool(ConstantArithmetic.Compare(folded.Operator, a.Value, b.Value, folded.IsSigned), folded.Location);
        // A network-order field tested for (in)equality with a constant: swap the constant once, here,
        // instead of the field in every run.
        if (folded is { Operator: CompareOperator.Equal or CompareOperator.NotEqual, Left: PacketField { NetworkOrder: true, FieldType: { Signed: false, Bits: > 8 } type } field, Right: Constant k }
            && ConstantArithmetic.Narrow(k.Value, type) == k.Value)
            return folded with { Left = field with { NetworkOrder = false }, Right = k with { Value = ConstantArithmetic.Unary(UnaryOperator.ByteSwap, k.Value, type) } };
        return folded;
    }

    /// <inheritdoc/>
    protected override Expr RewriteLogical(Logical node)
    {
        var folded = (Logical)base.RewriteLogical(node);
        // "true and x" is x, "false or x" is x; the other way round only when x has no effect.
        if (folded.Left is Constant { Type: BoolType } l)
            return (l.Value != 0) == folded.IsAnd ? folded.Right : IsPure(folded.Right) ? l : folded;
        if (folded.Right is Constant { Type: BoolType } r && IsPure(folded.Left))
            return (r.Value != 0) == folded.IsAnd ? folded.Left : r;
        return folded;
    }

    /// <inheritdoc/>
    protected override Expr RewriteNot(Not node)
    {
        var folded = (Not)base.RewriteNot(node);
        return folded.Operand switch
        {
            Constant { Type: BoolType } c => Bool(c.Value == 0, folded.Location),
            Not inner => inner.Operand,
            _ => folded,
        };
    }

    /// <inheritdoc/>
    protected override Stmt RewriteIf(If node)
    {
        var folded = (If)base.RewriteIf(node);
        if (folded.Condition is Constant { Type: BoolType } c) return c.Value != 0 ? folded.Then : folded.Else;
        if (folded.Then.IsEmpty && folded.Else.IsEmpty && IsPure(folded.Condition)) return Block.Empty(folded.Location);
        // if (c) {} else S becomes if (!c) S only where the negation stays a plain condition: the negation of an
        // and-chain would hide its guards under a not, and its packet accesses would lose their cover.
        if (folded.Then.IsEmpty && !folded.Else.IsEmpty && folded.Condition is Compare or Not)
            return folded with { Condition = Negate(folded.Condition), Then = folded.Else, Else = folded.Then };
        return folded;
    }

    /// <inheritdoc/>
    protected override Block RewriteBlock(Block node)
    {
        var block = base.RewriteBlock(node);
        for (int i = 0; i < block.Statements.Count - 1; i++)
            if (BoundsCheck.AlwaysExits(block.Statements[i]))
                return block with { Statements = [.. block.Statements.Take(i + 1)] };
        return block;
    }

    /// <summary>An operand folded to a non-negative constant adapts to the other operand's signedness, which
    /// the expression it came from did not: <c>(i64)0x &lt; u</c> compares signed, <c>0 &lt; u</c> unsigned. When
    /// folding would turn a signed operation unsigned, the other operand is converted to i64 (no code) to keep it signed.</summary>
    static T KeepSignedness<T>(T before, T after) where T : Expr
    {
        var (left, right, shift) = after switch
        {
            Binary b => (b.Left, b.Right, b.Operator is BinaryOperator.ShiftLeft or BinaryOperator.ShiftRight),
            Compare c => (c.Left, c.Right, false),
            _ => throw new ArgumentException("only binary operations and comparisons have a signedness", nameof(after)),
        };
        var (oldLeft, oldRight) = before switch { Binary b => (b.Left, b.Right), Compare c => (c.Left, c.Right), _ => (left, right) };
        if (shift || ReferenceEquals(before, after) || !TypeRules.IsSignedOperation(oldLeft, oldRight) || TypeRules.IsSignedOperation(left, right)) return after;
        static Expr Signed(Expr e) => new Conversion(e, IrType.I64, e.Location);
        return (T)(Expr)(after switch
        {
            Binary b when left is Constant => b with { Right = Signed(right) },
            Binary b => b with { Left = Signed(left) },
            Compare c when left is Constant => c with { Right = Signed(right) },
            Compare c => c with { Left = Signed(left) },
            _ => after,
        });
    }

    /// <summary>The negated condition; a comparison flips its operator, so that a packet guard stays a guard
    /// that the bounds check and instruction selection recognise (<c>not (length &lt; 14)</c> is no guard, <c>length &gt;= 14</c> is).</summary>
    static Expr Negate(Expr condition) => condition switch
    {
        Compare c => c with { Operator = c.Operator.Negated() },
        Not n => n.Operand,
        _ => new Not(condition, condition.Location),
    };

    static Constant Bool(bool value, SourceLocation at) => new(value ? 1 : 0, IrType.Bool, at);

    /// <summary>True when evaluating the expression has no effect besides its value (no helper calls).</summary>
    static bool IsPure(Expr e) => e switch
    {
        HelperCall or MapLookup or MapUpdate or MapDelete => false,
        MapValueField f => IsPure(f.Pointer),
        Binary b => IsPure(b.Left) && IsPure(b.Right),
        Unary u => IsPure(u.Operand),
        Conversion c => IsPure(c.Operand),
        Compare c => IsPure(c.Left) && IsPure(c.Right),
        Logical l => IsPure(l.Left) && IsPure(l.Right),
        Not n => IsPure(n.Operand),
        PacketField p => p.Index is null || IsPure(p.Index),
        _ => true,
    };
}

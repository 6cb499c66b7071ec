namespace EbpfCat.Ir;

/// <summary>The typing rules of IR expressions: arithmetic happens in 64 bits; fixed point is
/// contagious; true division yields fixed point, floor and truncating division an integer; a non-negative
/// constant takes the signedness of the other operand.</summary>
/// <remarks>The rules only compute types; the typing pass reports what is ill-typed (conditions
/// used as numbers, bit operations on fixed point) as diagnostics with the node's location.</remarks>
public static class TypeRules
{
    /// <summary>The type of <c>left op right</c>.</summary>
    /// <example><code>TypeRules.Binary(BinaryOperator.Divide, intA, intB) == IrType.Fixed</code></example>
    public static IrType Binary(BinaryOperator op, Expr left, Expr right)
    {
        // each operand's type is asked once: types are computed, so asking twice per level would be exponential in depth
        if (op == BinaryOperator.Divide) return IrType.Fixed;
        var l = left.Type;
        if (op is BinaryOperator.ShiftLeft or BinaryOperator.ShiftRight) return Widen(l);
        var r = right.Type;
        var signed = IsSignedOperation(Signedness(left, l), Signedness(right, r));
        if (op is BinaryOperator.FloorDivide or BinaryOperator.DivideTruncating) return new IntType(64, signed);
        return l is FixedType || r is FixedType ? IrType.Fixed : new IntType(64, signed);
    }

    /// <summary>The type of <c>op operand</c>.</summary>
    public static IrType Unary(UnaryOperator op, Expr operand) => op switch
    {
        UnaryOperator.Negate when operand.Type is FixedType => IrType.Fixed,
        UnaryOperator.Negate => IrType.I64,
        UnaryOperator.ByteSwap => operand.Type,
        _ => Widen(operand.Type),
    };

    /// <summary>True when an operation on these operands is signed: either operand is signed or
    /// fixed point, ignoring non-negative constants, which adapt; two such constants are signed.</summary>
    public static bool IsSignedOperation(Expr left, Expr right) => IsSignedOperation(Signedness(left, left.Type), Signedness(right, right.Type));

    static bool IsSignedOperation(bool? l, bool? r) => (l, r) switch
    {
        (null, null) => true,
        (null, bool b) => b,
        (bool a, null) => a,
        (bool a, bool b) => a || b,
    };

    /// <summary>True when values of the type are compared, divided and shifted as signed.</summary>
    public static bool IsSigned(IrType type) => type is FixedType || type is IntType { Signed: true };

    static bool? Signedness(Expr e, IrType type) => e is Constant { Value: >= 0 } && type is IntType ? null : IsSigned(type);

    static IrType Widen(IrType t) => t is IntType i ? new IntType(64, i.Signed) : t;
}

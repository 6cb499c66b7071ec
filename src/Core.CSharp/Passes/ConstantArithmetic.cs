using System.Buffers.Binary;
using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>Arithmetic on constants with exactly the results the emitted eBPF instructions give:
/// 64-bit wrap-around, division by zero yields 0 and modulo by zero the dividend, <c>MIN / -1</c>
/// is <c>MIN</c>, shift amounts are masked to six bits.</summary>
/// <remarks>Constant folding uses it, and so does the reference evaluator: one definition of the semantics.</remarks>
/// <example><code>ConstantArithmetic.Binary(BinaryOperator.FloorDivide, -7, 2, signed: true) == -4</code></example>
public static class ConstantArithmetic
{
    /// <summary><c>a op b</c> for integer operands (after fixed-point lowering).</summary>
    public static long Binary(BinaryOperator op, long a, long b, bool signed) => unchecked(op switch
    {
        BinaryOperator.Add => a + b,
        BinaryOperator.Subtract => a - b,
        BinaryOperator.Multiply => a * b,
        BinaryOperator.DivideTruncating => signed ? SignedDivide(a, b) : b == 0 ? 0 : (long)((ulong)a / (ulong)b),
        BinaryOperator.RemainderTruncating => signed ? SignedRemainder(a, b) : b == 0 ? a : (long)((ulong)a % (ulong)b),
        BinaryOperator.FloorDivide when signed => FloorCorrection(a, b) ? SignedDivide(a, b) - 1 : SignedDivide(a, b),
        BinaryOperator.FloorDivide => b == 0 ? 0 : (long)((ulong)a / (ulong)b),
        BinaryOperator.Modulo when signed => FloorCorrection(a, b) ? SignedRemainder(a, b) + b : SignedRemainder(a, b),
        BinaryOperator.Modulo => b == 0 ? a : (long)((ulong)a % (ulong)b),
        BinaryOperator.ShiftLeft => a << (int)(b & 63),
        BinaryOperator.ShiftRight => signed ? a >> (int)(b & 63) : (long)((ulong)a >> (int)(b & 63)),
        BinaryOperator.BitAnd => a & b,
        BinaryOperator.BitOr => a | b,
        BinaryOperator.BitXor => a ^ b,
        _ => throw new InvalidOperationException($"{op} must be lowered before it is folded"),
    });

    static long SignedDivide(long a, long b) => b == 0 ? 0 : b == -1 ? unchecked(-a) : a / b;

    static long SignedRemainder(long a, long b) => b == 0 ? a : b == -1 ? 0 : a % b;

    /// <summary>Floor division and modulo differ from truncation when the remainder is not zero and has the
    /// divisor's opposite sign; never when dividing by zero, which gives 0 (and modulo the dividend).</summary>
    static bool FloorCorrection(long a, long b)
    {
        var r = SignedRemainder(a, b);
        return b != 0 && r != 0 && (r ^ b) < 0;
    }

    /// <summary><c>op a</c>; <paramref name="type"/> is the operand's type (byte swaps swap its width).</summary>
    public static long Unary(UnaryOperator op, long a, IrType type) => unchecked(op switch
    {
        UnaryOperator.Negate => -a,
        UnaryOperator.BitNot => ~a,
        UnaryOperator.Abs => a < 0 ? -a : a,
        UnaryOperator.ByteSwap => type is IntType t
            ? Narrow(t.Bits switch
            {
                16 => BinaryPrimitives.ReverseEndianness((ushort)a),
                32 => BinaryPrimitives.ReverseEndianness((uint)a),
                64 => (long)BinaryPrimitives.ReverseEndianness((ulong)a),
                _ => a & 0xff,
            }, t)
            : a,
        _ => throw new InvalidOperationException($"unknown operator {op}"),
    });

    /// <summary>The 64-bit value truncated to <paramref name="type"/> and extended back (zero or sign).</summary>
    public static long Narrow(long value, IntType type) => type.Bits switch
    {
        64 => value,
        _ when type.Signed => (value << (64 - type.Bits)) >> (64 - type.Bits),
        _ => value & (long)((1UL << type.Bits) - 1),
    };

    /// <summary><c>a op b</c> as a comparison.</summary>
    public static bool Compare(CompareOperator op, long a, long b, bool signed) => op switch
    {
        CompareOperator.Equal => a == b,
        CompareOperator.NotEqual => a != b,
        CompareOperator.Less => signed ? a < b : (ulong)a < (ulong)b,
        CompareOperator.LessOrEqual => signed ? a <= b : (ulong)a <= (ulong)b,
        CompareOperator.Greater => signed ? a > b : (ulong)a > (ulong)b,
        _ => signed ? a >= b : (ulong)a >= (ulong)b,
    };
}

namespace EbpfCat.Ir.Evaluation;

/// <summary>The mathematical definition of fixed-point arithmetic, computed exactly on raw values
/// (units of 1/<see cref="FixedType.Scale"/>) in 128 bits: the reference the lowering to 64-bit
/// instructions is checked against.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>a × b is the exact product truncated toward zero to five decimals; the raw product A·B must fit 64 bits.</item>
/// <item>a / b is the exact quotient truncated toward zero to five decimals; the dividend scaled to keep
/// five decimals (A·S when b is fixed point, A when b is an integer) must fit 64 bits; x / 0 is 0.</item>
/// <item>Floor division is the floor of the exact quotient (x // 0 is 0).</item>
/// </list>
/// Every result must fit 64 bits; otherwise <see cref="FixedPointOverflowException"/>.
/// </remarks>
/// <example><code>FixedPoint.Multiply(150000, -250000, loc) == -375000 // 1.5 × −2.5 = −3.75</code></example>
public static class FixedPoint
{
    const long S = FixedType.Scale;

    /// <summary>trunc(a·b) to five decimals, for raw fixed-point <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static long Multiply(long a, long b, SourceLocation at)
    {
        var product = Fit((Int128)a * b, "the raw product of fixed × fixed", at);
        return product / S;
    }

    /// <summary>The raw fixed-point value of a / b, truncated toward zero to five decimals; each operand is
    /// a raw fixed-point value when its flag says so, an integer otherwise.</summary>
    public static long Divide(Int128 a, bool aFixed, Int128 b, bool bFixed, SourceLocation at)
    {
        if (b == 0) return 0;
        var raw = aFixed ? a : Fit(a * S, "the dividend of /", at);
        var dividend = bFixed ? Fit(raw * S, "the scaled dividend of /", at) : raw;
        return Fit(dividend / b, "/", at);
    }

    /// <summary>floor(x / y) for integers at the same scale; 0 when <paramref name="y"/> is 0.</summary>
    public static Int128 FloorQuotient(Int128 x, Int128 y)
    {
        if (y == 0) return 0;
        var q = x / y;
        return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q;
    }

    /// <summary>The value as a 64-bit integer, or <see cref="FixedPointOverflowException"/> when it does not fit.</summary>
    public static long Fit(Int128 value, string operation, SourceLocation at)
        => value >= long.MinValue && value <= long.MaxValue ? (long)value : throw new FixedPointOverflowException(operation, at);
}

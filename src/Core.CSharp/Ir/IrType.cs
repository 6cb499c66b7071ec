namespace EbpfCat.Ir;

/// <summary>The type of an IR value: an integer, fixed point, a condition or a pointer.</summary>
/// <example><code>IrType t = IrType.U16; t.Size == 2</code></example>
public abstract record IrType
{
    private protected IrType() { }

    /// <summary>Size in bytes when stored.</summary>
    public abstract int Size { get; }

    /// <summary>Unsigned 8-bit (struct letter B).</summary>
    public static readonly IntType U8 = new(8, false);
    /// <summary>Unsigned 16-bit (H).</summary>
    public static readonly IntType U16 = new(16, false);
    /// <summary>Unsigned 32-bit (I).</summary>
    public static readonly IntType U32 = new(32, false);
    /// <summary>Unsigned 64-bit (Q).</summary>
    public static readonly IntType U64 = new(64, false);
    /// <summary>Signed 8-bit (b).</summary>
    public static readonly IntType I8 = new(8, true);
    /// <summary>Signed 16-bit (h).</summary>
    public static readonly IntType I16 = new(16, true);
    /// <summary>Signed 32-bit (i).</summary>
    public static readonly IntType I32 = new(32, true);
    /// <summary>Signed 64-bit (q).</summary>
    public static readonly IntType I64 = new(64, true);
    /// <summary>Signed fixed point, 8 bytes, scale 100000 (x).</summary>
    public static readonly FixedType Fixed = new();
    /// <summary>A condition (result of a comparison).</summary>
    public static readonly BoolType Bool = new();

    /// <summary>The type named by a struct-module letter: B H I Q b h i q, and x for fixed point.</summary>
    public static IrType FromFormat(char letter) => letter switch
    {
        'B' => U8, 'H' => U16, 'I' => U32, 'Q' => U64,
        'b' => I8, 'h' => I16, 'i' => I32, 'q' => I64,
        'x' => Fixed,
        _ => throw new ArgumentException($"'{letter}' is not a format letter; use one of B H I Q b h i q x", nameof(letter)),
    };
}

/// <summary>A signed or unsigned integer of 8, 16, 32 or 64 bits.</summary>
/// <example><code>new IntType(16, Signed: false) == IrType.U16</code></example>
public sealed record IntType : IrType
{
    /// <summary>An integer type; <paramref name="bits"/> is 8, 16, 32 or 64.</summary>
    public IntType(int bits, bool signed)
    {
        if (bits is not (8 or 16 or 32 or 64)) throw new ArgumentOutOfRangeException(nameof(bits), bits, "integers are 8, 16, 32 or 64 bits");
        Bits = bits;
        Signed = signed;
    }

    /// <summary>Width in bits.</summary>
    public int Bits { get; }
    /// <summary>True for two's-complement signed integers.</summary>
    public bool Signed { get; }
    /// <inheritdoc/>
    public override int Size => Bits / 8;
    /// <summary>The struct-module letter of this type.</summary>
    public char Format => (Bits, Signed) switch
    {
        (8, false) => 'B', (16, false) => 'H', (32, false) => 'I', (64, false) => 'Q',
        (8, true) => 'b', (16, true) => 'h', (32, true) => 'i', _ => 'q',
    };
    /// <inheritdoc/>
    public override string ToString() => $"{(Signed ? "i" : "u")}{Bits}";
}

/// <summary>Signed fixed point: a 64-bit integer counting units of 1/100000; user space sees a double.</summary>
/// <example><code>FixedType.ToRaw(0.2) == 20000</code></example>
public sealed record FixedType : IrType
{
    internal FixedType() { }

    /// <summary>Units per 1.0.</summary>
    public const long Scale = 100_000;

    /// <inheritdoc/>
    public override int Size => 8;

    /// <summary>The nearest representable raw value (ties away from zero); constants round, they do not truncate.</summary>
    /// <exception cref="OverflowException">The value is beyond about ±9.2e13, the range of fixed point.</exception>
    public static long ToRaw(double value)
    {
        var scaled = Math.Round(value * Scale, MidpointRounding.AwayFromZero);
        if (double.IsNaN(scaled) || scaled >= 9.2233720368547758e18 || scaled < -9.2233720368547758e18)
            throw new OverflowException($"{value} is outside the range of fixed point (about ±9.2e13)");
        return (long)scaled;
    }

    /// <summary>The raw value as a double, as user space sees it.</summary>
    public static double FromRaw(long raw) => raw / (double)Scale;

    /// <inheritdoc/>
    public override string ToString() => "fixed";
}

/// <summary>What a pointer points into; the kernel verifier tracks each kind differently.</summary>
public enum PointerTarget
{
    /// <summary>The packet (between data and data_end).</summary>
    Packet,
    /// <summary>A map value found by a lookup; null when the key is missing.</summary>
    MapValue,
    /// <summary>The program's stack.</summary>
    Stack,
    /// <summary>The program's context (for XDP, struct xdp_md).</summary>
    Context,
}

/// <summary>A pointer: 8 bytes, compared only with null, never used in arithmetic by programs.</summary>
/// <example><code>new PointerType(PointerTarget.MapValue)</code></example>
public sealed record PointerType(PointerTarget Target) : IrType
{
    /// <inheritdoc/>
    public override int Size => 8;
    /// <inheritdoc/>
    public override string ToString() => $"ptr<{Target}>";
}

/// <summary>The type of conditions; never stored.</summary>
public sealed record BoolType : IrType
{
    internal BoolType() { }
    /// <inheritdoc/>
    public override int Size => throw new InvalidOperationException("conditions have no storage size");
    /// <inheritdoc/>
    public override string ToString() => "bool";
}

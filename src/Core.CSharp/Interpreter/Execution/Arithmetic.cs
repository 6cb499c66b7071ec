using System.Buffers.Binary;
using System.Numerics;

namespace EbpfCat.Interpreter.Execution;

/// <summary>The ALU operations whose eBPF meaning differs from C#'s operators: division and modulo (no traps),
/// sign-extending moves and byte-order conversions. The generic forms serve 32 and 64 bits alike.</summary>
internal static class Arithmetic
{
    /// <summary>Unsigned division; by zero gives 0.</summary>
    public static T Divide<T>(T a, T b) where T : IBinaryInteger<T> => T.IsZero(b) ? T.Zero : a / b;

    /// <summary>Unsigned modulo; by zero leaves the dividend.</summary>
    public static T Remainder<T>(T a, T b) where T : IBinaryInteger<T> => T.IsZero(b) ? a : a % b;

    /// <summary>Signed division; by zero gives 0, and MIN / -1 wraps to MIN where C# would trap.</summary>
    public static T SignedDivide<T>(T a, T b) where T : IBinaryInteger<T>, ISignedNumber<T>
        => T.IsZero(b) ? T.Zero : b == T.NegativeOne ? -a : a / b;

    /// <summary>Signed modulo with the dividend's sign; by zero leaves the dividend, MIN % -1 is 0.</summary>
    public static T SignedRemainder<T>(T a, T b) where T : IBinaryInteger<T>, ISignedNumber<T>
        => T.IsZero(b) ? a : b == T.NegativeOne ? T.Zero : a % b;

    /// <summary><c>mov</c> / <c>movsx</c> in ALU64: the offset is 0 or the width to sign-extend from.</summary>
    public static ulong Move64(ulong value, int fromBits) => fromBits switch
    {
        8 => (ulong)(long)(sbyte)value,
        16 => (ulong)(long)(short)value,
        32 => (ulong)(long)(int)value,
        _ => value,
    };

    /// <summary><c>mov32</c> / <c>movsx32</c>: sign-extend to 32 bits, then zero-extend to 64.</summary>
    public static ulong Move32(ulong value, int fromBits) => fromBits switch
    {
        8 => (uint)(int)(sbyte)value,
        16 => (uint)(int)(short)value,
        _ => (uint)value,
    };

    /// <summary><c>bswap16/32/64</c>: an unconditional swap of the low 16, 32 or 64 bits, zero-extended.</summary>
    public static ulong ByteSwap(ulong value, int bits) => bits switch
    {
        16 => BinaryPrimitives.ReverseEndianness((ushort)value),
        32 => BinaryPrimitives.ReverseEndianness((uint)value),
        _ => BinaryPrimitives.ReverseEndianness(value),
    };

    /// <summary><c>le16/32/64</c>: a truncation on a little-endian host, a swap on a big-endian one.</summary>
    public static ulong ToLittleEndian(ulong value, int bits) => BitConverter.IsLittleEndian ? Truncate(value, bits) : ByteSwap(value, bits);

    /// <summary><c>be16/32/64</c>: a swap on a little-endian host, a truncation on a big-endian one.</summary>
    public static ulong ToBigEndian(ulong value, int bits) => BitConverter.IsLittleEndian ? ByteSwap(value, bits) : Truncate(value, bits);

    static ulong Truncate(ulong value, int bits) => bits switch
    {
        16 => (ushort)value,
        32 => (uint)value,
        _ => value,
    };
}

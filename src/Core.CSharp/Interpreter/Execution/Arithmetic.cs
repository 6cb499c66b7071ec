using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace EbpfCat.Interpreter.Execution;

/// <summary>The ALU operations whose eBPF meaning differs from C#'s operators: division and modulo (no traps),
/// sign-extending moves and byte-order conversions.</summary>
internal static class Arithmetic
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Div64(ulong a, ulong b) => b == 0 ? 0 : a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mod64(ulong a, ulong b) => b == 0 ? a : a % b;

    // C# traps on long.MinValue / -1; eBPF wraps to long.MinValue (and the remainder is 0).
    public static ulong SDiv64(ulong a, ulong b) => (long)b switch
    {
        0 => 0,
        -1 => (ulong)-(long)a,
        _ => (ulong)((long)a / (long)b),
    };

    public static ulong SMod64(ulong a, ulong b) => (long)b switch
    {
        0 => a,
        -1 => 0,
        _ => (ulong)((long)a % (long)b),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Div32(uint a, uint b) => b == 0 ? 0 : a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mod32(uint a, uint b) => b == 0 ? a : a % b;

    public static ulong SDiv32(uint a, uint b) => (int)b switch
    {
        0 => 0,
        -1 => (uint)-(int)a,
        _ => (uint)((int)a / (int)b),
    };

    public static ulong SMod32(uint a, uint b) => (int)b switch
    {
        0 => a,
        -1 => 0,
        _ => (uint)((int)a % (int)b),
    };

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

using System.Buffers.Binary;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>How a C# type is stored in a map: the seed's struct letters B H I Q b h i q as byte,
/// ushort, uint, ulong, sbyte, short, int, long, and x (fixed point) as double.</summary>
internal static class Format<T> where T : unmanaged
{
    /// <summary>The IR type; null when <typeparamref name="T"/> is not a map format.</summary>
    public static readonly IrType? Type =
        typeof(T) == typeof(byte) ? IrType.U8 : typeof(T) == typeof(sbyte) ? IrType.I8 :
        typeof(T) == typeof(ushort) ? IrType.U16 : typeof(T) == typeof(short) ? IrType.I16 :
        typeof(T) == typeof(uint) ? IrType.U32 : typeof(T) == typeof(int) ? IrType.I32 :
        typeof(T) == typeof(ulong) ? IrType.U64 : typeof(T) == typeof(long) ? IrType.I64 :
        typeof(T) == typeof(double) ? IrType.Fixed : null;

    public static IrType Require(string name, Ir.SourceLocation at) => Type
        ?? throw new ArgumentException($"{at}: '{name}' has type {typeof(T).Name}; map variables are byte, sbyte, ushort, short, uint, int, ulong, long, or double (fixed point)");

    /// <summary>The stored bytes as <typeparamref name="T"/> (fixed point becomes a double).</summary>
    public static T Read(ReadOnlySpan<byte> bytes) => FromRaw(Type!.Size switch
    {
        1 => Type is IntType { Signed: true } ? (sbyte)bytes[0] : bytes[0],
        2 => Type is IntType { Signed: true } ? BinaryPrimitives.ReadInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        4 => Type is IntType { Signed: true } ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        _ => BinaryPrimitives.ReadInt64LittleEndian(bytes),
    });

    /// <summary>Stores <paramref name="value"/> (a double as fixed point, rounded).</summary>
    public static void Write(Span<byte> bytes, T value)
    {
        long raw = ToRaw(value);
        switch (Type!.Size)
        {
            case 1: bytes[0] = (byte)raw; break;
            case 2: BinaryPrimitives.WriteInt16LittleEndian(bytes, (short)raw); break;
            case 4: BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)raw); break;
            default: BinaryPrimitives.WriteInt64LittleEndian(bytes, raw); break;
        }
    }

    /// <summary>The raw stored integer of a value: fixed point scaled and rounded, integers as they are.</summary>
    public static long ToRaw(T value) => value switch
    {
        double d => FixedType.ToRaw(d),
        byte b => b, sbyte b => b, ushort s => s, short s => s, uint u => u, int i => i,
        ulong u => unchecked((long)u),
        long l => l,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>A raw stored integer as <typeparamref name="T"/>.</summary>
    public static T FromRaw(long raw)
    {
        // each arm boxed on its own: a switch of mixed numeric arms would convert them all to double
        object value = Type switch
        {
            FixedType => (object)FixedType.FromRaw(raw),
            IntType { Bits: 8, Signed: false } => (object)(byte)raw,
            IntType { Bits: 8 } => (object)(sbyte)raw,
            IntType { Bits: 16, Signed: false } => (object)(ushort)raw,
            IntType { Bits: 16 } => (object)(short)raw,
            IntType { Bits: 32, Signed: false } => (object)(uint)raw,
            IntType { Bits: 32 } => (object)(int)raw,
            IntType { Bits: 64, Signed: false } => (object)unchecked((ulong)raw),
            _ => (object)raw,
        };
        return (T)value;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>A variable in an array map (BPF_MAP_TYPE_ARRAY, mmap'd: kernel 5.5): the program reaches it
/// with a direct map-value load (no helper call, no null check), and user space reads and writes the
/// very same memory, so <see cref="Value"/> is a plain memory access.</summary>
/// <remarks><c>+=</c> is an atomic add, in the program and from user space, for 4- and 8-byte variables;
/// on other sizes it is a build-time error. <typeparamref name="T"/> is the seed's format: byte (B),
/// ushort (H), uint (I), ulong (Q), sbyte (b), short (h), int (i), long (q), or double for fixed point (x).</remarks>
/// <example><code>
/// public sealed class Stats : XdpProgram
/// {
///     public ArrayVariable&lt;ulong&gt; Packets = new();
///     public ArrayVariable&lt;double&gt; Average = new();   // fixed point
///     protected override void Build() { Packets += 1; Exit(XdpAction.Pass); }
/// }
/// // after loading: Console.WriteLine(stats.Packets.Value);
/// </code></example>
public sealed class ArrayVariable<T> : MapVariableBase where T : unmanaged
{
    /// <summary>A variable in the array map named <paramref name="map"/> (default "array").</summary>
    public ArrayVariable(string? map = null, [CallerMemberName] string name = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        : base(MapKind.Array, Format<T>.Require(name, CallSite.Of(file, line)), map, name, file, line) { }

    /// <summary>The live value, read from or written to the map's memory.</summary>
    public T Value
    {
        get => Format<T>.Read(Bytes());
        set => Format<T>.Write(Bytes(), value);
    }

    Span<byte> Bytes()
    {
        var (map, variable) = Live();
        return Owner!.MappedMemory(map).Slice(variable.Offset, Type.Size);
    }

    private protected override void AddFromUserSpace(Expression value)
    {
        long amount = UserSpaceConstant(value);
        var bytes = Bytes();
        switch (Type.Size)
        {
            case 4: Interlocked.Add(ref Unsafe.As<byte, int>(ref MemoryMarshal.GetReference(bytes)), (int)amount); break;
            case 8: Interlocked.Add(ref Unsafe.As<byte, long>(ref MemoryMarshal.GetReference(bytes)), amount); break;
            default: throw new InvalidOperationException($"{Declared}: '{Name}' is {Type.Size} bytes wide; += is atomic only for 4- and 8-byte variables");
        }
    }

    private protected override string FormatLive() => Value.ToString() ?? "";
}

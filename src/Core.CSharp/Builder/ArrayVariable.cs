using System.Runtime.CompilerServices;
using EbpfCat.Ir;
using EbpfCat.Maps;

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
    /// <remarks>Once the program is loaded, a read is one volatile load from the mapped map value (and a write one
    /// volatile store): no lookup, no lock, no syscall. The variable is naturally aligned in the map, so a value
    /// the program updates atomically (<c>+=</c>) is never seen torn; a plain assignment in the program is a
    /// plain store, of which user space sees either the old or the new value. After the program is disposed,
    /// reading or writing throws <see cref="ObjectDisposedException"/>.</remarks>
    public T Value
    {
        get
        {
            var slot = Slot();
            return typeof(T) == typeof(double)
                ? (T)(object)FixedType.FromRaw(slot.Memory.Load<long>(slot.Offset))
                : slot.Memory.Load<T>(slot.Offset);
        }
        set
        {
            var slot = Slot();
            if (typeof(T) == typeof(double)) slot.Memory.Store(slot.Offset, FixedType.ToRaw((double)(object)value));
            else slot.Memory.Store(slot.Offset, value);
        }
    }

    /// <summary>The variable's place in the mapped memory, found once: both fields in one immutable object, so a
    /// thread that sees the reference sees both.</summary>
    sealed record MappedSlot(MappedMemory Memory, int Offset);

    MappedSlot? slot;

    MappedSlot Slot() => slot ?? Bind();

    MappedSlot Bind()
    {
        var (map, variable) = Live();
        return slot = new MappedSlot(Owner!.MappedMemory(map), variable.Offset);
    }

    private protected override void AddFromUserSpace(Expression value)
    {
        long amount = UserSpaceConstant(value);
        if (Type.Size is not (4 or 8))
            throw new InvalidOperationException($"{Declared}: '{Name}' is {Type.Size} bytes wide; += is atomic only for 4- and 8-byte variables");
        var slot = Slot();
        slot.Memory.Add(slot.Offset, Type.Size, amount);
    }

    private protected override string FormatLive() => Value.ToString() ?? "";
}

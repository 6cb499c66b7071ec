using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EbpfCat.Interpreter.Memory;

/// <summary>The interpreter's 64-bit address space: a table of regions, each at its own 4 GiB-aligned base.</summary>
/// <remarks>
/// Region <c>i</c> starts at <c>(RegionTagBase + i) &lt;&lt; 32</c>, so pointer arithmetic works as on real
/// memory while every access is a table lookup plus a bounds check: an address whose upper half names no
/// region, or whose lower half is outside the region's bounds, is a fault and never touches the host.
/// Map handles and function pointers use their own tags so that they can never be dereferenced.
/// </remarks>
internal sealed class AddressSpace(Region[] regions)
{
    /// <summary>The tag (upper 32 bits) of region 0.</summary>
    public const ulong RegionTagBase = 0x1000;

    /// <summary>The tag of map handles (what <c>lddw rN, map</c> yields); the low half is the map's index.</summary>
    public const ulong MapHandleTag = 0x2000;

    /// <summary>The tag of function pointers (<c>lddw</c> with the function pseudo source); the low half is an instruction index.</summary>
    public const ulong FunctionTag = 0x3000;

    /// <summary>Region indices that every run uses the same way.</summary>
    public const int StackRegion = 0, ContextRegion = 1, DataRegion = 2, FirstMapRegion = 3;

    public Region[] Regions { get; } = regions;

    /// <summary>The address of offset 0 of region <paramref name="index"/>.</summary>
    public static ulong BaseOf(int index) => (RegionTagBase + (ulong)index) << 32;

    /// <summary>The first byte of an access of <paramref name="size"/> bytes at <paramref name="address"/>, or a fault.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref byte Resolve(ulong address, int size, bool write, int pc)
    {
        uint index = (uint)((address >> 32) - RegionTagBase);
        var regions = Regions;
        if (index < (uint)regions.Length)
        {
            var region = regions[index];
            uint offset = (uint)address;
            if (offset >= region.Low && (ulong)offset + (uint)size <= region.High && (region.Writable || !write))
                return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(region.Data), offset);
        }
        throw Fault(address, size, write, pc);
    }

    /// <summary>A span over <paramref name="length"/> bytes at <paramref name="address"/>, for helpers; faults like a load or store.</summary>
    public Span<byte> Span(ulong address, int length, bool write, int pc)
    {
        if (length < 0) throw new InterpreterException(InterpreterFault.OutOfBounds, pc, $"a helper asked for {length} bytes");
        if (length == 0) return [];
        return MemoryMarshal.CreateSpan(ref Resolve(address, length, write, pc), length);
    }

    /// <summary>Explains why an access failed; only called on the slow path.</summary>
    InterpreterException Fault(ulong address, int size, bool write, int pc)
    {
        string what = $"{(write ? "store" : "load")} of {size} bytes at 0x{address:x}";
        // Name the region the address is nearest to: pointer arithmetic usually misses by a little.
        int nearest = -1;
        long distance = long.MaxValue;
        for (int i = 0; i < Regions.Length; i++)
        {
            long start = (long)(BaseOf(i) + Regions[i].Low), end = (long)(BaseOf(i) + Regions[i].High);
            long d = (long)address < start ? start - (long)address : (long)address + size > end ? (long)address + size - end : 0;
            if (d < distance) (nearest, distance) = (i, d);
        }
        if (distance == 0)
        {
            var region = Regions[nearest];
            return new(InterpreterFault.ReadOnly, pc, $"{what} writes the read-only {region.Name}");
        }
        if (nearest < 0 || distance > 1L << 31)
        {
            string kind = (address >> 32) switch
            {
                0 when address < 0x1_0000 => " (a null or small-integer pointer)",
                MapHandleTag => " (a map handle, which only helpers may use)",
                FunctionTag => " (a function pointer)",
                _ => "",
            };
            return new(InterpreterFault.OutOfBounds, pc, $"{what} is not inside any memory region{kind}");
        }
        var near = Regions[nearest];
        ulong low = BaseOf(nearest) + near.Low;
        string where = address < low ? $"{low - address} bytes before" : $"{address + (ulong)size - (low + near.High - near.Low)} bytes past the end of";
        return new(InterpreterFault.OutOfBounds, pc, $"{what} is outside the {near.Name}: it reaches {where} it ({near.High - near.Low} bytes at 0x{low:x})");
    }
}

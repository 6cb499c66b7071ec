using System.Buffers;
using System.Runtime.InteropServices;
using EbpfCat.Loader;
using EbpfCat.Loader.Native;

namespace EbpfCat.Maps;

/// <summary>The values of a <see cref="MapFlags.Mmapable"/> array map mapped into this process (mmap of a map fd, kernel 5.5):
/// reads and writes are plain memory accesses shared with running programs.</summary>
/// <remarks>The mapping stays valid after the map's fd is closed (it holds its own reference to the map) until
/// this object is disposed, which unmaps it. Spans taken from it must not be used after that.
/// Element <c>i</c> of the array starts at byte <c>i * round_up(value size, 8)</c>.</remarks>
/// <example><code>
/// using var map = BpfMap.Create(new MapDefinition(MapType.Array, 4, 8, 1) { Flags = MapFlags.Mmapable });
/// using var memory = map.MemoryMap();
/// BitConverter.TryWriteBytes(memory.Span, 42L);
/// </code></example>
public sealed unsafe class MappedMemory : MemoryManager<byte>
{
    readonly byte* address;
    readonly nuint mappedLength;
    int disposed;

    MappedMemory(byte* address, nuint mappedLength, int length)
    {
        this.address = address;
        this.mappedLength = mappedLength;
        Length = length;
    }

    /// <summary>The number of usable bytes (all elements of the array).</summary>
    public int Length { get; }

    /// <summary>The mapped bytes.</summary>
    public Span<byte> Span => GetSpan();

    /// <summary>Maps <paramref name="length"/> bytes of the map behind <paramref name="fd"/> read-write and shared.</summary>
    internal static MappedMemory Map(BpfFileDescriptor fd, int length)
    {
        nuint page = (nuint)Environment.SystemPageSize;
        nuint mapped = ((nuint)length + page - 1) / page * page;
        using var lease = fd.Borrow();
        void* p = Libc.Mmap(null, mapped, Libc.ProtRead | Libc.ProtWrite, Libc.MapShared, lease.Fd, 0);
        if (p == (void*)-1)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new BpfException(BpfCommand.MapCreate, errno,
                $"mmap of the map failed with {Errno.Name(errno)}: only array maps created with BPF_F_MMAPABLE (kernel 5.5) can be memory-mapped, and frozen or read-only maps only read-only.");
        }
        return new MappedMemory((byte*)p, mapped, length);
    }

    /// <inheritdoc/>
    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return new Span<byte>(address, Length);
    }

    /// <inheritdoc/>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)Length, nameof(elementIndex));
        // The mapping never moves, so there is nothing to pin.
        return new MemoryHandle(address + elementIndex);
    }

    /// <inheritdoc/>
    public override void Unpin() { }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0) Libc.Munmap(address, mappedLength);
    }
}

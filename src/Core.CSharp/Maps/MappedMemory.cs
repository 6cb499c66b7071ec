using System.Buffers;
using System.Runtime.InteropServices;
using EbpfCat.Loader;
using EbpfCat.Loader.Native;

namespace EbpfCat.Maps;

/// <summary>The values of a <see cref="MapFlags.Mmapable"/> array map mapped into this process (mmap of a map fd, kernel 5.5):
/// reads and writes are plain memory accesses shared with running programs.</summary>
/// <remarks>The mapping stays valid after the map's fd is closed (it holds its own reference to the map) until
/// this object is disposed. Disposing lets go of the map at once but leaves private zero pages at the same
/// address until the object is collected, so a read that races with <c>Dispose</c> on another thread sees
/// the live value or zero, never memory that was handed to something else; once <c>Dispose</c> has returned,
/// every access through this object throws <see cref="ObjectDisposedException"/>. Spans taken from it must
/// not be used after that (a span does not keep the object alive).
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
    readonly Unmapper unmapper;
    int disposed;

    MappedMemory(byte* address, nuint mappedLength, int length)
    {
        this.address = address;
        this.mappedLength = mappedLength;
        unmapper = new Unmapper(address, mappedLength);
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

    /// <summary>The naturally aligned value of type <typeparamref name="T"/> (1, 2, 4 or 8 bytes) at byte <paramref name="offset"/>,
    /// read with one volatile load, so a value the kernel updates atomically is never torn.</summary>
    /// <remarks>The caller checks that the value lies inside the mapping and is aligned; this is the fast path of a variable's read.</remarks>
    internal T Load<T>(int offset) where T : unmanaged
    {
        if (Volatile.Read(ref disposed) != 0) ThrowDisposed();
        byte* at = address + offset;
        T value;
        if (sizeof(T) == 8) { long v = Volatile.Read(ref *(long*)at); value = *(T*)&v; }
        else if (sizeof(T) == 4) { int v = Volatile.Read(ref *(int*)at); value = *(T*)&v; }
        else if (sizeof(T) == 2) { short v = Volatile.Read(ref *(short*)at); value = *(T*)&v; }
        else { byte v = Volatile.Read(ref *at); value = *(T*)&v; }
        // The mapping is unmapped only by the finalizer, which cannot run while this object is still in use here.
        GC.KeepAlive(this);
        return value;
    }

    /// <summary>Stores <paramref name="value"/> (1, 2, 4 or 8 bytes, naturally aligned) at byte <paramref name="offset"/> with one volatile store.</summary>
    internal void Store<T>(int offset, T value) where T : unmanaged
    {
        if (Volatile.Read(ref disposed) != 0) ThrowDisposed();
        byte* at = address + offset;
        if (sizeof(T) == 8) Volatile.Write(ref *(long*)at, *(long*)&value);
        else if (sizeof(T) == 4) Volatile.Write(ref *(int*)at, *(int*)&value);
        else if (sizeof(T) == 2) Volatile.Write(ref *(short*)at, *(short*)&value);
        else Volatile.Write(ref *at, *(byte*)&value);
        GC.KeepAlive(this);
    }

    /// <summary>Atomically adds <paramref name="amount"/> to the naturally aligned 4- or 8-byte integer at byte <paramref name="offset"/>.</summary>
    internal void Add(int offset, int size, long amount)
    {
        if (Volatile.Read(ref disposed) != 0) ThrowDisposed();
        byte* at = address + offset;
        if (size == 8) Interlocked.Add(ref *(long*)at, amount);
        else Interlocked.Add(ref *(int*)at, (int)amount);
        GC.KeepAlive(this);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    void ThrowDisposed() => throw new ObjectDisposedException(nameof(MappedMemory), "the map's memory was unmapped: its program or map was disposed");

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
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        // Replace the map's pages by private zero pages in one step (MAP_FIXED): the map is released now, and a
        // reader on another thread that passed the disposed check a moment ago reads zero instead of faulting or
        // reading memory reused for something else. The placeholder is unmapped once this object is collected.
        void* p = Libc.Mmap(address, mappedLength, Libc.ProtRead | Libc.ProtWrite, Libc.MapPrivate | Libc.MapFixed | Libc.MapAnonymous, -1, 0);
        if (p == (void*)-1) unmapper.UnmapNow();
    }

    /// <summary>Unmaps the address range when it is collected, which is when no reader can hold the <see cref="MappedMemory"/> any more.</summary>
    /// <remarks>A separate object because MemoryManager's Dispose suppresses the manager's own finalizer.</remarks>
    sealed class Unmapper(byte* address, nuint length)
    {
        public void UnmapNow()
        {
            Libc.Munmap(address, length);
            GC.SuppressFinalize(this);
        }

        ~Unmapper() => Libc.Munmap(address, length);
    }
}

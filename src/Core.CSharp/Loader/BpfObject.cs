using System.Text;
using EbpfCat.Loader.Native;

namespace EbpfCat.Loader;

/// <summary>A kernel BPF object reached through a file descriptor: a program, a map or a link.</summary>
/// <remarks>Disposing closes the descriptor; the kernel frees the object once nothing else (a pin, a link,
/// a program using the map, a memory mapping) refers to it.</remarks>
/// <example><code>
/// using var map = BpfMap.Create(MapType.Hash, 4, 8, 64);
/// map.Pin("/sys/fs/bpf/counts");
/// </code></example>
public abstract class BpfObject : IDisposable
{
    /// <summary>An object that owns <paramref name="handle"/>.</summary>
    private protected BpfObject(BpfFileDescriptor handle) => Handle = handle;

    /// <summary>The file descriptor; valid until the object is disposed.</summary>
    public BpfFileDescriptor Handle { get; }

    /// <summary>True once <see cref="Dispose()"/> ran.</summary>
    public bool IsDisposed => Handle.IsClosed;

    /// <summary>Pins the object at <paramref name="path"/> in a bpffs (BPF_OBJ_PIN, kernel 4.4) so it outlives this process.</summary>
    /// <exception cref="BpfException">EINVAL when the path is not in a bpffs, EEXIST when it is taken.</exception>
    /// <example><code>map.Pin("/sys/fs/bpf/my_map");</code></example>
    public unsafe void Pin(string path)
    {
        using var fd = Handle.Borrow();
        fixed (byte* p = ZeroTerminated(path))
        {
            var attr = new ObjectPathAttr { Pathname = (ulong)p, BpfFd = fd.U32 };
            BpfSyscall.Invoke(BpfCommand.ObjectPin, ref attr);
        }
    }

    /// <summary>Opens the object pinned at <paramref name="path"/> (BPF_OBJ_GET, kernel 4.4), which must be of kind <paramref name="expected"/>.</summary>
    /// <exception cref="PinnedObjectKindException">Another kind of object is pinned there.</exception>
    private protected static unsafe BpfFileDescriptor OpenPinnedDescriptor(string path, PinnedObjectKind expected)
    {
        BpfFileDescriptor fd;
        fixed (byte* p = ZeroTerminated(path))
        {
            var attr = new ObjectPathAttr { Pathname = (ulong)p };
            fd = new BpfFileDescriptor(BpfSyscall.Invoke(BpfCommand.ObjectGet, ref attr));
        }
        // BPF_OBJ_GET opens whatever is pinned, and BPF_OBJ_GET_INFO_BY_FD answers for any kind, so a map opened as a
        // program would read as a program with nonsense fields: the kind comes from the descriptor's anonymous inode.
        var actual = KindOf(fd);
        if (actual is { } kind && kind != expected)
        {
            fd.Dispose();
            throw new PinnedObjectKindException(path, expected, kind);
        }
        return fd;
    }

    /// <summary>The kind of object behind <paramref name="handle"/>, from its anonymous inode's name in /proc/self/fd
    /// (<c>anon_inode:bpf-prog</c>, <c>bpf-map</c>, <c>bpf_link</c>); null when /proc cannot tell.</summary>
    static PinnedObjectKind? KindOf(BpfFileDescriptor handle)
    {
        using var fd = handle.Borrow();
        string? target;
        try { target = new FileInfo($"/proc/self/fd/{fd.Fd}").LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        return target switch
        {
            null => null,
            "anon_inode:bpf-prog" => PinnedObjectKind.Program,
            "anon_inode:bpf-map" => PinnedObjectKind.Map,
            "anon_inode:bpf_link" => PinnedObjectKind.Link,
            _ => PinnedObjectKind.Other,
        };
    }

    /// <summary>Opens an object by its kernel-wide id (BPF_*_GET_FD_BY_ID).</summary>
    private protected static BpfFileDescriptor OpenDescriptorById(BpfCommand command, uint id)
    {
        var attr = new ObjectIdAttr { Id = id };
        return new BpfFileDescriptor(BpfSyscall.Invoke(command, ref attr));
    }

    /// <summary>The ids of all objects of one kind, in increasing order (BPF_*_GET_NEXT_ID).</summary>
    private protected static IEnumerable<uint> EnumerateIds(BpfCommand command)
    {
        uint id = 0;
        while (true)
        {
            var attr = new ObjectIdAttr { Id = id };
            int errno = BpfSyscall.TryInvoke(command, ref attr, out _);
            if (errno == Errno.ENOENT) yield break;
            if (errno != 0) throw BpfException.From(command, errno);
            id = attr.NextId;
            yield return id;
        }
    }

    /// <summary>Fills an info struct (BPF_OBJ_GET_INFO_BY_FD, kernel 4.13); <paramref name="info"/> may carry output buffers.</summary>
    private protected static unsafe void ReadInfo<TInfo>(BpfFileDescriptor handle, ref TInfo info) where TInfo : unmanaged
    {
        using var fd = handle.Borrow();
        fixed (TInfo* p = &info)
        {
            var attr = new InfoByFdAttr { BpfFd = fd.U32, InfoLen = (uint)sizeof(TInfo), Info = (ulong)p };
            BpfSyscall.Invoke(BpfCommand.ObjectGetInfoByFd, ref attr);
        }
    }

    static byte[] ZeroTerminated(string path) => Encoding.UTF8.GetBytes(path + "\0");

    /// <summary>Closes the descriptor.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the descriptor; subclasses release what they hold in addition.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Handle.Dispose();
    }
}

using System.Runtime.InteropServices;
using EbpfCat.Loader.Native;

namespace EbpfCat.Loader;

/// <summary>A file descriptor for a kernel BPF object (program, map, link, BTF), closed exactly once when released.</summary>
/// <remarks>Only -1 is invalid: fd 0 is a valid descriptor in principle (a process may close stdin).</remarks>
/// <example><code>using var map = BpfMap.Create(MapType.Array, 4, 8, 1); int fd = map.Handle.DangerousGetHandle().ToInt32();</code></example>
public sealed class BpfFileDescriptor : SafeHandle
{
    /// <summary>An invalid descriptor, for the marshaller.</summary>
    public BpfFileDescriptor() : base(new IntPtr(-1), ownsHandle: true) { }

    /// <summary>Takes ownership of <paramref name="fd"/>.</summary>
    internal BpfFileDescriptor(int fd) : this() => SetHandle(new IntPtr(fd));

    /// <inheritdoc/>
    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => Libc.Close(handle.ToInt32()) == 0;

    /// <summary>Borrows the descriptor for one call: it cannot be closed until the lease ends.</summary>
    /// <exception cref="ObjectDisposedException">The object was disposed.</exception>
    internal Lease Borrow() => new(this);

    /// <summary>A borrowed descriptor number; the handle's reference count keeps it open while the lease lives.</summary>
    internal readonly ref struct Lease
    {
        readonly BpfFileDescriptor owner;

        internal Lease(BpfFileDescriptor owner)
        {
            if (owner.IsClosed) throw new ObjectDisposedException(nameof(BpfFileDescriptor), "the BPF object was disposed");
            bool added = false;
            owner.DangerousAddRef(ref added);
            this.owner = owner;
            Fd = owner.handle.ToInt32();
        }

        /// <summary>The descriptor number.</summary>
        internal int Fd { get; }

        /// <summary>The number as the kernel's <c>__u32</c> attribute fields want it.</summary>
        internal uint U32 => (uint)Fd;

        /// <summary>Ends the lease.</summary>
        public void Dispose() => owner.DangerousRelease();
    }
}

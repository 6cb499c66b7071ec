using System.Buffers.Binary;
using System.Text;

namespace EbpfCat.Netlink;

/// <summary>Builds one netlink request: the <c>nlmsghdr</c>, a family header such as <c>ifinfomsg</c>, then attributes
/// (<c>rtattr</c>/<c>nlattr</c>: 16-bit length and type, payload, padding to 4 bytes), nested ones included.</summary>
/// <remarks>All fields are in host byte order, as netlink wants them; the length and sequence number are filled in by
/// <see cref="Finish"/>.</remarks>
internal sealed class NetlinkMessageWriter
{
    internal const int HeaderSize = 16;
    internal const int Alignment = 4;
    const ushort NestedFlag = 1 << 15;   // NLA_F_NESTED

    byte[] buffer = new byte[128];
    int length;

    /// <summary>Starts a message of <paramref name="type"/> (such as RTM_SETLINK) with <paramref name="flags"/> (NLM_F_*).</summary>
    internal NetlinkMessageWriter(ushort type, ushort flags)
    {
        Type = type;
        Flags = flags;
        length = HeaderSize;
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(6), flags);
    }

    /// <summary>The message type.</summary>
    internal ushort Type { get; }

    /// <summary>The NLM_F_* flags.</summary>
    internal ushort Flags { get; }

    internal static int Align(int n) => (n + Alignment - 1) & ~(Alignment - 1);

    /// <summary>Appends <c>struct ifinfomsg</c> (16 bytes): family AF_UNSPEC, the interface index, no flag changes.</summary>
    internal NetlinkMessageWriter InterfaceInfo(int interfaceIndex)
    {
        var span = Reserve(16);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], interfaceIndex);
        return this;
    }

    /// <summary>Appends a 32-bit unsigned attribute.</summary>
    internal NetlinkMessageWriter UInt32(ushort type, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Attribute(type, 4), value);
        return this;
    }

    /// <summary>Appends a 32-bit signed attribute (file descriptors, with -1 for none).</summary>
    internal NetlinkMessageWriter Int32(ushort type, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Attribute(type, 4), value);
        return this;
    }

    /// <summary>Appends a zero-terminated string attribute.</summary>
    internal NetlinkMessageWriter String(ushort type, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        bytes.CopyTo(Attribute(type, bytes.Length + 1));
        return this;
    }

    /// <summary>Opens a nested attribute; attributes appended until <see cref="EndNested"/> go inside it.</summary>
    internal int BeginNested(ushort type)
    {
        int start = length;
        Attribute((ushort)(type | NestedFlag), 0);
        return start;
    }

    /// <summary>Closes the nested attribute opened at <paramref name="start"/> by writing its final length.</summary>
    internal NetlinkMessageWriter EndNested(int start)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(start), (ushort)(length - start));
        return this;
    }

    /// <summary>The finished message with <paramref name="sequence"/> and its length; the port id stays 0 (the kernel).</summary>
    internal byte[] Finish(uint sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), sequence);
        return buffer.AsSpan(0, length).ToArray();
    }

    Span<byte> Attribute(ushort type, int payloadLength)
    {
        var span = Reserve(4 + payloadLength);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(4 + payloadLength));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        return span[4..];
    }

    /// <summary>Reserves <paramref name="size"/> zeroed bytes plus padding to the next 4-byte boundary.</summary>
    Span<byte> Reserve(int size)
    {
        int start = length;
        int end = start + Align(size);
        if (end > buffer.Length) Array.Resize(ref buffer, Math.Max(end, buffer.Length * 2));
        buffer.AsSpan(start, end - start).Clear();
        length = end;
        return buffer.AsSpan(start, size);
    }
}

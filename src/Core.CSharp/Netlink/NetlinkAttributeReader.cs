using System.Buffers.Binary;
using System.Text;

namespace EbpfCat.Netlink;

/// <summary>Walks the attributes of a netlink message or of a nested attribute, stopping at the first malformed one.</summary>
internal ref struct NetlinkAttributeReader(ReadOnlySpan<byte> attributes)
{
    const ushort TypeMask = 0x3fff;   // without NLA_F_NESTED and NLA_F_NET_BYTEORDER

    ReadOnlySpan<byte> rest = attributes;

    /// <summary>The next attribute's type (flags removed) and payload; false at the end.</summary>
    internal bool TryNext(out ushort type, out ReadOnlySpan<byte> payload)
    {
        type = 0;
        payload = default;
        if (rest.Length < 4) return false;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(rest);
        if (length < 4 || length > rest.Length) return false;
        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(rest[2..]) & TypeMask);
        payload = rest[4..length];
        rest = rest[Math.Min(NetlinkMessageWriter.Align(length), rest.Length)..];
        return true;
    }

    /// <summary>The payload of the first attribute of <paramref name="type"/>, or an empty span.</summary>
    internal static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> attributes, ushort type)
    {
        var reader = new NetlinkAttributeReader(attributes);
        while (reader.TryNext(out var t, out var payload))
            if (t == type) return payload;
        return default;
    }

    /// <summary>A 32-bit attribute's value, or 0 when it is absent or too short.</summary>
    internal static uint UInt32(ReadOnlySpan<byte> payload) => payload.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(payload) : 0;

    /// <summary>A string attribute's value without its terminating zero.</summary>
    internal static string String(ReadOnlySpan<byte> payload)
    {
        int end = payload.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? payload : payload[..end]);
    }
}

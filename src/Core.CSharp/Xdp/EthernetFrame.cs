using System.Buffers.Binary;

namespace EbpfCat.Xdp;

/// <summary>Builds Ethernet frames to send with <see cref="PacketSender"/>: a header (broadcast destination, a locally
/// administered source) with a chosen EtherType, and a payload that fills the frame to the length asked for.</summary>
/// <example><code>
/// sender.Send(EthernetFrame.Ipv4(length: 64));
/// sender.Send(EthernetFrame.Create(EthernetFrame.LocalExperimental, length: 60));
/// </code></example>
public static class EthernetFrame
{
    /// <summary>The length of an Ethernet header without VLAN tag: two addresses and the EtherType.</summary>
    public const int HeaderLength = 14;

    /// <summary>EtherType 0x0800, IPv4.</summary>
    public const ushort Ipv4Type = 0x0800;

    /// <summary>EtherType 0x86DD, IPv6.</summary>
    public const ushort Ipv6Type = 0x86DD;

    /// <summary>EtherType 0x88B5, "local experimental EtherType 1" (IEEE 802): for test traffic that no protocol handles.</summary>
    public const ushort LocalExperimental = 0x88B5;

    /// <summary>The source address frames get unless one is given: 02:00:00:00:00:01 (locally administered, unicast).</summary>
    public static ReadOnlySpan<byte> DefaultSource => [0x02, 0, 0, 0, 0, 0x01];

    /// <summary>A frame of <paramref name="length"/> bytes (at least <see cref="HeaderLength"/>) with <paramref name="etherType"/>;
    /// the payload bytes count up from 0. The destination defaults to broadcast, the source to <see cref="DefaultSource"/>.</summary>
    /// <example><code>byte[] frame = EthernetFrame.Create(0x88B5, 100);</code></example>
    public static byte[] Create(ushort etherType, int length, ReadOnlySpan<byte> destination = default, ReadOnlySpan<byte> source = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, HeaderLength);
        if (!destination.IsEmpty && destination.Length != 6) throw new ArgumentException("a MAC address has 6 bytes", nameof(destination));
        if (!source.IsEmpty && source.Length != 6) throw new ArgumentException("a MAC address has 6 bytes", nameof(source));
        var frame = new byte[length];
        if (destination.IsEmpty) frame.AsSpan(0, 6).Fill(0xff);
        else destination.CopyTo(frame);
        (source.IsEmpty ? DefaultSource : source).CopyTo(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
        for (int i = HeaderLength; i < length; i++) frame[i] = (byte)(i - HeaderLength);
        return frame;
    }

    /// <summary>An IPv4 frame of <paramref name="length"/> bytes (at least 34): a valid IPv4 header (192.0.2.1 to 192.0.2.2,
    /// the TEST-NET-1 documentation range, protocol 253 for experiments, TTL 64, checksum set) and a counting payload.</summary>
    /// <example><code>byte[] frame = EthernetFrame.Ipv4(64);</code></example>
    public static byte[] Ipv4(int length, ReadOnlySpan<byte> destination = default, ReadOnlySpan<byte> source = default)
    {
        const int ipHeader = 20;
        ArgumentOutOfRangeException.ThrowIfLessThan(length, HeaderLength + ipHeader);
        var frame = Create(Ipv4Type, length, destination, source);
        var ip = frame.AsSpan(HeaderLength, ipHeader);
        ip.Clear();
        ip[0] = 0x45;                                                   // version 4, 5 words of header
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(length - HeaderLength));
        ip[8] = 64;                                                     // TTL
        ip[9] = 253;                                                    // protocol: experimentation (RFC 3692)
        ReadOnlySpan<byte> addresses = [192, 0, 2, 1, 192, 0, 2, 2];
        addresses.CopyTo(ip[12..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip));
        return frame;
    }

    /// <summary>The Internet checksum (RFC 1071) of <paramref name="data"/>: the one's complement of the one's-complement sum of its 16-bit words.</summary>
    static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if ((data.Length & 1) != 0) sum += (uint)data[^1] << 8;
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }
}

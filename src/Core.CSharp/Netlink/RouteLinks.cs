using System.Buffers.Binary;

namespace EbpfCat.Netlink;

/// <summary>One interface as rtnetlink describes it (RTM_NEWLINK): its index, name and raw attributes (IFLA_*).</summary>
internal sealed record LinkMessage(int Index, string Name, byte[] Attributes)
{
    /// <summary>The payload of attribute <paramref name="type"/>, or empty.</summary>
    internal ReadOnlySpan<byte> Attribute(ushort type) => NetlinkAttributeReader.Find(Attributes, type);
}

/// <summary>The rtnetlink link requests: look an interface up by name or index, list them all, change one.</summary>
internal static class RouteLinks
{
    const ushort GetLink = 18;          // RTM_GETLINK
    const ushort SetLink = 19;          // RTM_SETLINK
    const ushort InterfaceName = 3;     // IFLA_IFNAME
    const ushort ExtendedMask = 29;     // IFLA_EXT_MASK
    const uint SkipStatistics = 1 << 3; // RTEXT_FILTER_SKIP_STATS: the counters are large and not needed here
    const int ENODEV = 19;
    const int InterfaceInfoSize = 16;   // struct ifinfomsg

    /// <summary>The interface named <paramref name="name"/> (RTM_GETLINK with IFLA_IFNAME, kernel 2.6.33).</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that name in the socket's namespace.</exception>
    internal static LinkMessage Get(RouteNetlinkSocket socket, string name, string? networkNamespace)
    {
        var request = new NetlinkMessageWriter(GetLink, 0).InterfaceInfo(0).String(InterfaceName, name).UInt32(ExtendedMask, SkipStatistics);
        return Single(socket, request, name, 0, networkNamespace);
    }

    /// <summary>The interface with index <paramref name="index"/> (RTM_GETLINK).</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that index in the socket's namespace.</exception>
    internal static LinkMessage Get(RouteNetlinkSocket socket, int index, string? networkNamespace)
    {
        if (index <= 0) throw new NetworkInterfaceNotFoundException(null, index, networkNamespace);
        var request = new NetlinkMessageWriter(GetLink, 0).InterfaceInfo(index).UInt32(ExtendedMask, SkipStatistics);
        return Single(socket, request, null, index, networkNamespace);
    }

    /// <summary>Every interface in the socket's namespace (an RTM_GETLINK dump).</summary>
    internal static List<LinkMessage> All(RouteNetlinkSocket socket)
        => [.. socket.DumpAll(() => new NetlinkMessageWriter(GetLink, 0).InterfaceInfo(0).UInt32(ExtendedMask, SkipStatistics), "RTM_GETLINK")
            .Select(Parse).OfType<LinkMessage>()];

    /// <summary>Sends RTM_SETLINK for interface <paramref name="index"/> with the attributes <paramref name="attributes"/> writes.</summary>
    /// <exception cref="NetworkOperationException">The kernel refused; the exception carries its extended-ack text.</exception>
    internal static void Set(RouteNetlinkSocket socket, int index, Action<NetlinkMessageWriter> attributes)
    {
        var request = new NetlinkMessageWriter(SetLink, 0).InterfaceInfo(index);
        attributes(request);
        socket.Transact(request, "RTM_SETLINK");
    }

    static LinkMessage Single(RouteNetlinkSocket socket, NetlinkMessageWriter request, string? name, int index, string? networkNamespace)
    {
        try
        {
            return socket.Transact(request, "RTM_GETLINK").Select(Parse).OfType<LinkMessage>().FirstOrDefault()
                ?? throw new NetworkInterfaceNotFoundException(name, index, networkNamespace);
        }
        catch (NetworkOperationException e) when (e.Errno == ENODEV && e is not NetworkInterfaceNotFoundException)
        {
            throw new NetworkInterfaceNotFoundException(name, index, networkNamespace);
        }
    }

    /// <summary>Reads <c>struct ifinfomsg</c> and the attributes after it; null for a payload too short to be one.</summary>
    static LinkMessage? Parse(byte[] payload)
    {
        if (payload.Length < InterfaceInfoSize) return null;
        int index = BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4));
        var attributes = payload[InterfaceInfoSize..];
        return new LinkMessage(index, NetlinkAttributeReader.String(NetlinkAttributeReader.Find(attributes, InterfaceName)), attributes);
    }
}

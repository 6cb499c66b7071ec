using System.Buffers.Binary;
using EbpfCat.Netlink;
using EbpfCat.Netlink.Native;

namespace EbpfCat.Xdp;

/// <summary>Sends raw Ethernet frames out of one network interface through an AF_PACKET socket (packet(7), kernel 2.2):
/// test and demo traffic for XDP programs, such as frames sent from one end of a veth pair to the other.</summary>
/// <remarks>Needs CAP_NET_RAW. The socket is created in the interface's network namespace and sends no matter which thread
/// calls <see cref="Send(ReadOnlySpan{byte})"/>; it never receives (it is opened for protocol 0).</remarks>
/// <example><code>
/// using var sender = PacketSender.Open("veth1", networkNamespace: "demo");
/// sender.Send(EthernetFrame.Ipv4(64), count: 100);
/// </code></example>
public sealed unsafe class PacketSender : IDisposable
{
    const int ENOBUFS = 105;
    const int SocketAddressSize = 20;   // struct sockaddr_ll

    readonly SocketHandle socket;

    PacketSender(SocketHandle socket, string interfaceName, int interfaceIndex, string? networkNamespace)
    {
        this.socket = socket;
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        NetworkNamespace = networkNamespace;
    }

    /// <summary>The interface frames leave from.</summary>
    public string InterfaceName { get; }

    /// <summary>Its index in its network namespace.</summary>
    public int InterfaceIndex { get; }

    /// <summary>The network namespace given when opening, or null.</summary>
    public string? NetworkNamespace { get; }

    /// <summary>Opens a sender on the interface named <paramref name="interfaceName"/> in <paramref name="networkNamespace"/>
    /// (by <c>ip netns</c> name or path; null for the calling thread's namespace).</summary>
    /// <exception cref="NetworkInterfaceNotFoundException">No interface has that name there.</exception>
    /// <exception cref="NetworkOperationException">The socket cannot be opened (EPERM without CAP_NET_RAW) or bound.</exception>
    /// <example><code>using var sender = PacketSender.Open("veth1", "demo");</code></example>
    public static PacketSender Open(string interfaceName, string? networkNamespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        return Netlink.NetworkNamespace.Run(networkNamespace, () =>
        {
            int index;
            using (var netlink = RouteNetlinkSocket.Open()) index = RouteLinks.Get(netlink, interfaceName, networkNamespace).Index;
            var socket = SocketHandle.Open(SocketCalls.AfPacket, 0, "socket(AF_PACKET)");
            try
            {
                socket.With(fd =>
                {
                    // struct sockaddr_ll { family AF_PACKET, protocol 0 (receive nothing), ifindex, hatype, pkttype, halen, addr[8] }
                    byte* address = stackalloc byte[SocketAddressSize];
                    var span = new Span<byte>(address, SocketAddressSize);
                    span.Clear();
                    BinaryPrimitives.WriteUInt16LittleEndian(span, SocketCalls.AfPacket);
                    BinaryPrimitives.WriteInt32LittleEndian(span[4..], index);
                    if (SocketCalls.Bind(fd, address, SocketAddressSize) < 0)
                        throw NetworkOperationException.From("bind(AF_PACKET)", SocketCalls.LastError, context: $"interface '{interfaceName}'");
                    return 0;
                });
                return new PacketSender(socket, interfaceName, index, networkNamespace);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        });
    }

    /// <summary>Sends one frame as it is (the Ethernet header included, at least 14 bytes, at most the MTU plus 14).</summary>
    /// <exception cref="NetworkOperationException">The kernel refused the frame (EMSGSIZE when it is larger than the MTU allows,
    /// ENETDOWN when the interface is down).</exception>
    /// <example><code>sender.Send(EthernetFrame.Create(EthernetFrame.LocalExperimental, 60));</code></example>
    public void Send(ReadOnlySpan<byte> frame)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frame.Length, EthernetFrame.HeaderLength, nameof(frame));
        fixed (byte* p = frame)
        {
            byte* data = p;
            int length = frame.Length;
            socket.With(fd =>
            {
                // A full transmit queue says ENOBUFS; give it a moment rather than lose the frame.
                for (int attempt = 0; ; attempt++)
                {
                    nint sent = SocketCalls.Send(fd, data, (nuint)length, 0);
                    if (sent >= 0) return 0;
                    int errno = SocketCalls.LastError;
                    if (errno == SocketCalls.EINTR) continue;
                    if ((errno == ENOBUFS || errno == SocketCalls.EAGAIN) && attempt < 100) { Thread.Sleep(1); continue; }
                    throw NetworkOperationException.From("send(AF_PACKET)", errno, context: $"a {length}-byte frame on '{InterfaceName}'");
                }
            });
        }
    }

    /// <summary>Sends the same frame <paramref name="count"/> times.</summary>
    /// <example><code>sender.Send(EthernetFrame.Ipv4(64), count: 1000);</code></example>
    public void Send(ReadOnlySpan<byte> frame, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (int i = 0; i < count; i++) Send(frame);
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => socket.Dispose();
}

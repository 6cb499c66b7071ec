using System.Buffers.Binary;
using EbpfCat.Netlink;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

using static EbpfCat.Properties.Xdp.XdpTestOptions;

namespace EbpfCat.Properties.Xdp;

public sealed class NetworkTests
{
    [Fact]
    public void An_xdp_attach_request_is_laid_out_as_rtnetlink_wants_it()
    {
        // RTM_SETLINK for ifindex 3 with IFLA_XDP { IFLA_XDP_FD 7, IFLA_XDP_FLAGS SKB|UPDATE_IF_NOEXIST }.
        var request = new NetlinkMessageWriter(19, 0).InterfaceInfo(3);
        int nest = request.BeginNested(43);
        request.Int32(1, 7).UInt32(3, 3).EndNested(nest);
        byte[] expected =
        [
            52, 0, 0, 0, 19, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0,   // nlmsghdr: length 52, RTM_SETLINK, flags, seq 9, pid 0
            0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,     // ifinfomsg: AF_UNSPEC, index 3
            20, 0, 43, 0x80,                                    // IFLA_XDP | NLA_F_NESTED, 20 bytes
            8, 0, 1, 0, 7, 0, 0, 0,                             // IFLA_XDP_FD 7
            8, 0, 3, 0, 3, 0, 0, 0,                             // IFLA_XDP_FLAGS 3
        ];
        Assert.Equal(expected, request.Finish(9));
    }

    [Fact]
    public void Strings_are_zero_terminated_and_padded_to_four_bytes()
    {
        var request = new NetlinkMessageWriter(18, 0).String(3, "veth0");
        Assert.Equal([10, 0, 3, 0, (byte)'v', (byte)'e', (byte)'t', (byte)'h', (byte)'0', 0, 0, 0], request.Finish(1)[16..]);
    }

    [Fact]
    public void An_ipv4_frame_has_a_valid_header_checksum()
    {
        var frame = EthernetFrame.Ipv4(64);
        Assert.Equal(64, frame.Length);
        Assert.Equal(EthernetFrame.Ipv4Type, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)));
        Assert.Equal(50, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(16)));     // IPv4 total length
        uint sum = 0;
        for (int i = 14; i < 34; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(i));
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
        Assert.Equal(0xffffu, sum);
        Assert.Equal([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x88, 0xb5], EthernetFrame.Create(EthernetFrame.LocalExperimental, 14));
        Assert.Throws<ArgumentOutOfRangeException>(() => EthernetFrame.Create(EthernetFrame.LocalExperimental, 13));
    }

    [Fact]
    public void A_namespace_holds_only_its_own_interfaces_and_work_runs_inside_it()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        var names = XdpAttach.QueryAll(ns.Name).Select(s => s.InterfaceName).Order().ToArray();
        Assert.Equal(["lo", ns.First, ns.Second], names);

        static string Current() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!;
        Assert.NotEqual(Current(), ns.Run(Current));
        Assert.Equal(ns.Run(Current), ns.Run(Current));
        Assert.Equal(XdpAttach.Query(ns.First, ns.Name).InterfaceIndex, ns.Run(() => XdpAttach.Query(ns.First).InterfaceIndex));
    }

    [Fact]
    public async Task Work_that_fails_inside_a_namespace_fails_the_task()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        await Assert.ThrowsAsync<InvalidOperationException>(() => NetworkNamespace.RunAsync<int>(ns.Name, () => throw new InvalidOperationException("inside"), Cancellation));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NetworkNamespace.RunAsync(ns.Name, () => 1, new CancellationToken(true)));
    }

    [Fact]
    public void A_frame_larger_than_the_mtu_is_refused_with_the_errno()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var sender = PacketSender.Open(ns.Second, ns.Name);
        var e = Assert.Throws<NetworkOperationException>(() => sender.Send(EthernetFrame.Create(EthernetFrame.LocalExperimental, 1500 + 14 + 1)));
        Assert.Equal("EMSGSIZE", e.ErrnoName);
        sender.Send(EthernetFrame.Create(EthernetFrame.LocalExperimental, 1500 + 14));
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.Send(new byte[13]));
    }

    [Theory]
    [InlineData(XdpAttachMethod.Link)]
    [InlineData(XdpAttachMethod.Netlink)]
    public async Task An_attachment_whose_interface_was_deleted_disposes_quietly(XdpAttachMethod method)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var counting = CountingProgram.Load();
        var attachment = await XdpAttach.AttachAsync(counting.Program, ns.First,
            In(ns, method), Cancellation);
        ns.IpInside("link", "delete", ns.First);
        await attachment.DisposeAsync();
        Assert.True(attachment.IsDisposed);
        Assert.Equal(["lo"], XdpAttach.QueryAll(ns.Name).Select(s => s.InterfaceName));
    }
}

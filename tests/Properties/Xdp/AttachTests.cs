using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

using static EbpfCat.Properties.Xdp.XdpTestOptions;

namespace EbpfCat.Properties.Xdp;

public sealed class AttachTests
{
    [Theory]
    [InlineData(XdpAttachMethod.Link, XdpAttachMode.Generic)]
    [InlineData(XdpAttachMethod.Netlink, XdpAttachMode.Generic)]
    [InlineData(XdpAttachMethod.Link, XdpAttachMode.Driver)]
    [InlineData(XdpAttachMethod.Netlink, XdpAttachMode.Driver)]
    public async Task Every_frame_sent_from_the_peer_is_counted_and_nothing_stays_attached(XdpAttachMethod method, XdpAttachMode mode)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var counting = CountingProgram.Load();
        var options = In(ns, method, mode);
        await using (var attachment = await XdpAttach.AttachAsync(counting.Program, ns.First, options, Cancellation))
        {
            Assert.Equal((method, mode, ns.First, counting.Program.Info.Id), (attachment.Method, attachment.Mode, attachment.InterfaceName, attachment.ProgramId));
            XdpAssert.Attached(ns, ns.First, attachment.ProgramId, mode);

            using var sender = PacketSender.Open(ns.Second, ns.Name);
            sender.Send(EthernetFrame.Ipv4(64), count: 60);
            sender.Send(EthernetFrame.Create(EthernetFrame.LocalExperimental, 300), count: 40);
            Assert.Equal(100UL, counting.WaitForCount(100));
        }
        XdpAssert.NothingAttached(ns);
    }
}

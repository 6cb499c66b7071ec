using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

using static EbpfCat.Properties.Xdp.XdpTestOptions;

namespace EbpfCat.Properties.Xdp;

public sealed class ReplaceTests
{
    [Theory]
    [InlineData(XdpAttachMethod.Link)]
    [InlineData(XdpAttachMethod.Netlink)]
    public async Task After_a_replace_the_new_program_counts_and_the_old_does_not(XdpAttachMethod method)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var before = CountingProgram.Load();
        using var after = CountingProgram.Load();
        using var sender = PacketSender.Open(ns.Second, ns.Name);
        await using (var attachment = await XdpAttach.AttachAsync(before.Program, ns.First, In(ns, method), Cancellation))
        {
            sender.Send(EthernetFrame.Ipv4(64), count: 7);
            Assert.Equal(7UL, before.WaitForCount(7));

            await attachment.ReplaceAsync(after.Program, Cancellation);
            Assert.Equal(after.Program.Info.Id, attachment.ProgramId);
            XdpAssert.Attached(ns, ns.First, after.Program.Info.Id, XdpAttachMode.Generic);

            sender.Send(EthernetFrame.Ipv4(64), count: 11);
            Assert.Equal(11UL, after.WaitForCount(11));
            Assert.Equal(7UL, before.Count);
        }
        XdpAssert.NothingAttached(ns);
    }

    [Theory]
    [InlineData(XdpAttachMethod.Link)]
    [InlineData(XdpAttachMethod.Netlink)]
    public async Task Frames_arriving_during_a_replace_all_meet_one_program_or_the_other(XdpAttachMethod method)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var before = CountingProgram.Load();
        using var after = CountingProgram.Load();
        using var sender = PacketSender.Open(ns.Second, ns.Name);
        await using var attachment = await XdpAttach.AttachAsync(before.Program, ns.First, In(ns, method), Cancellation);
        var frame = EthernetFrame.Create(EthernetFrame.LocalExperimental, 60);
        // Send without pause until both programs have seen a good number of frames.
        using var stop = new CancellationTokenSource();
        var sending = Task.Factory.StartNew(() =>
        {
            long sent = 0;
            while (!stop.IsCancellationRequested) { sender.Send(frame); sent++; }
            return sent;
        }, Cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        static void Until(Func<bool> condition) { var deadline = DateTime.UtcNow.AddSeconds(10); while (!condition() && DateTime.UtcNow < deadline) Thread.Yield(); }
        Until(() => before.Count >= 500);
        await attachment.ReplaceAsync(after.Program, Cancellation);
        Until(() => after.Count >= 500);
        await stop.CancelAsync();
        long frames = await sending;
        Until(() => (long)(before.Count + after.Count) >= frames);
        Thread.Sleep(20);
        Assert.True(before.Count >= 500 && after.Count >= 500, $"before {before.Count}, after {after.Count}");
        Assert.Equal((ulong)frames, before.Count + after.Count);
    }

    [Fact]
    public async Task A_program_that_is_no_longer_ours_is_not_replaced()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var ours = CountingProgram.Load();
        using var theirs = CountingProgram.Load();
        using var replacement = CountingProgram.Load();
        await using var attachment = await XdpAttach.AttachAsync(ours.Program, ns.First, In(ns, XdpAttachMethod.Netlink), Cancellation);
        ns.IpInside("link", "set", "dev", ns.First, "xdpgeneric", "off");
        await using var other = await XdpAttach.AttachAsync(theirs.Program, ns.First, In(ns, XdpAttachMethod.Netlink), Cancellation);

        var e = await Assert.ThrowsAsync<XdpAttachException>(() => attachment.ReplaceAsync(replacement.Program, Cancellation));
        Assert.Contains($"is not this attachment's (id {ours.Program.Info.Id})", e.Message);
        Assert.Equal(ours.Program.Info.Id, attachment.ProgramId);
        XdpAssert.Attached(ns, ns.First, theirs.Program.Info.Id, XdpAttachMode.Generic);
    }

    [Theory]
    [InlineData(XdpAttachMethod.Link)]
    [InlineData(XdpAttachMethod.Netlink)]
    public async Task A_dropping_program_keeps_frames_from_the_stack(XdpAttachMethod method)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var passing = CountingProgram.Load(XdpAction.Pass);
        using var dropping = CountingProgram.Load(XdpAction.Drop);
        using var sender = PacketSender.Open(ns.Second, ns.Name);
        await using var attachment = await XdpAttach.AttachAsync(passing.Program, ns.First, In(ns, method), Cancellation);

        long start = ns.Ipv4PacketsReceived();
        sender.Send(EthernetFrame.Ipv4(64), count: 20);
        Assert.Equal(20UL, passing.WaitForCount(20));
        Assert.Equal(start + 20, ns.Ipv4PacketsReceived());

        await attachment.ReplaceAsync(dropping.Program, Cancellation);
        sender.Send(EthernetFrame.Ipv4(64), count: 20);
        Assert.Equal(20UL, dropping.WaitForCount(20));
        Assert.Equal(start + 20, ns.Ipv4PacketsReceived());
    }

    [Fact]
    public async Task Only_xdp_programs_replace_and_a_disposed_attachment_replaces_nothing()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var counting = CountingProgram.Load();
        using var filter = EbpfCat.Loader.BpfProgram.Load(EbpfCat.Loader.ProgramType.SocketFilter, Kernel.TestPrograms.Return(0));
        var attachment = await XdpAttach.AttachAsync(counting.Program, ns.First, In(ns, XdpAttachMethod.Link), Cancellation);
        await Assert.ThrowsAsync<ArgumentException>(() => attachment.ReplaceAsync(filter, Cancellation));
        await attachment.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => attachment.ReplaceAsync(counting.Program, Cancellation));
        XdpAssert.NothingAttached(ns);
    }
}

using EbpfCat.Loader;
using EbpfCat.Netlink;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

using static EbpfCat.Properties.Xdp.XdpTestOptions;

namespace EbpfCat.Properties.Xdp;

public sealed class AttachErrorTests
{
    [Theory]
    [InlineData(XdpAttachMethod.Auto)]
    [InlineData(XdpAttachMethod.Netlink)]
    public async Task A_missing_interface_is_an_error_that_names_it(XdpAttachMethod method)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var counting = CountingProgram.Load();
        var e = await Assert.ThrowsAsync<NetworkInterfaceNotFoundException>(() => XdpAttach.AttachAsync(counting.Program, "nosuch0", In(ns, method), Cancellation));
        Assert.Equal("nosuch0", e.InterfaceName);
        Assert.Equal($"no network interface named 'nosuch0' in network namespace '{ns.Name}'", e.Message);

        var byIndex = await Assert.ThrowsAsync<NetworkInterfaceNotFoundException>(() => XdpAttach.AttachAsync(counting.Program, 100_000, In(ns, method), Cancellation));
        Assert.Contains("with index 100000", byIndex.Message);
        Assert.Throws<NetworkInterfaceNotFoundException>(() => XdpAttach.Query("nosuch0", ns.Name));
        XdpAssert.NothingAttached(ns);
    }

    [Theory]
    [InlineData(XdpAttachMethod.Netlink, XdpAttachMethod.Auto)]
    [InlineData(XdpAttachMethod.Netlink, XdpAttachMethod.Netlink)]
    [InlineData(XdpAttachMethod.Link, XdpAttachMethod.Auto)]
    [InlineData(XdpAttachMethod.Link, XdpAttachMethod.Netlink)]
    public async Task An_interface_with_a_program_is_refused_and_keeps_it(XdpAttachMethod first, XdpAttachMethod second)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var theirs = CountingProgram.Load();
        using var ours = CountingProgram.Load();
        await using var existing = await XdpAttach.AttachAsync(theirs.Program, ns.First, In(ns, first), Cancellation);

        var e = await Assert.ThrowsAsync<XdpProgramAlreadyAttachedException>(() => XdpAttach.AttachAsync(ours.Program, ns.First, In(ns, second), Cancellation));
        Assert.Equal((existing.ProgramId, XdpAttachMode.Generic), (e.ExistingProgramId, e.ExistingMode));
        Assert.StartsWith($"interface '{ns.First}' already has an XDP program (id {existing.ProgramId}) attached in generic mode; detach it first or replace it", e.Message);
        XdpAssert.Attached(ns, ns.First, existing.ProgramId, XdpAttachMode.Generic);
        // rtnetlink explains itself (extended ack); a link attempt has no such channel.
        if (second == XdpAttachMethod.Netlink) Assert.NotNull(e.KernelMessage);

        // The existing program still runs.
        using var sender = PacketSender.Open(ns.Second, ns.Name);
        sender.Send(EthernetFrame.Ipv4(64), count: 10);
        Assert.Equal(10UL, theirs.WaitForCount(10));
        Assert.Equal(0UL, ours.Count);
    }

    [Theory]
    [InlineData(XdpAttachMethod.Auto)]
    [InlineData(XdpAttachMethod.Netlink)]
    public async Task A_program_in_the_other_mode_is_in_the_way_too(XdpAttachMethod method)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var theirs = CountingProgram.Load();
        using var ours = CountingProgram.Load();
        await using var existing = await XdpAttach.AttachAsync(theirs.Program, ns.First, In(ns, XdpAttachMethod.Netlink, XdpAttachMode.Generic), Cancellation);
        var e = await Assert.ThrowsAsync<XdpProgramAlreadyAttachedException>(
            () => XdpAttach.AttachAsync(ours.Program, ns.First, In(ns, method, XdpAttachMode.Driver), Cancellation));
        Assert.Equal(existing.ProgramId, e.ExistingProgramId);
        XdpAssert.Attached(ns, ns.First, existing.ProgramId, XdpAttachMode.Generic);
    }

    [Theory]
    [InlineData(XdpAttachMethod.Auto)]
    [InlineData(XdpAttachMethod.Link)]
    [InlineData(XdpAttachMethod.Netlink)]
    public async Task Hardware_mode_on_veth_is_an_error_and_attaches_nothing(XdpAttachMethod method)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var counting = CountingProgram.Load();
        var e = await Assert.ThrowsAsync<XdpModeNotSupportedException>(
            () => XdpAttach.AttachAsync(counting.Program, ns.First, In(ns, method, XdpAttachMode.Hardware), Cancellation));
        Assert.Equal((ns.First, XdpAttachMode.Hardware), (e.InterfaceName, e.Mode));
        Assert.StartsWith($"interface '{ns.First}' does not support XDP in hardware mode", e.Message);
        XdpAssert.NothingAttached(ns);
    }

    [Fact]
    public async Task The_default_mode_is_the_kernels_choice_driver_mode_on_veth()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var counting = CountingProgram.Load();
        await using (var attachment = await XdpAttach.AttachAsync(counting.Program, ns.First, In(ns, mode: XdpAttachMode.Default), Cancellation))
        {
            Assert.Equal((XdpAttachMethod.Link, XdpAttachMode.Driver), (attachment.Method, attachment.Mode));
            XdpAssert.Attached(ns, ns.First, attachment.ProgramId, XdpAttachMode.Driver);
        }
        XdpAssert.NothingAttached(ns);
    }

    [Fact]
    public async Task Only_xdp_programs_attach()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var filter = BpfProgram.Load(ProgramType.SocketFilter, Kernel.TestPrograms.Return(0));
        await Assert.ThrowsAsync<ArgumentException>(() => XdpAttach.AttachAsync(filter, ns.First, In(ns), Cancellation));
        XdpAssert.NothingAttached(ns);
    }

    [Fact]
    public async Task A_missing_network_namespace_is_an_error_that_names_it()
    {
        KernelRequirement.Require();
        using var counting = CountingProgram.Load();
        var options = new XdpAttachOptions { NetworkNamespace = "ebpfcat-does-not-exist" };
        var e = await Assert.ThrowsAsync<NetworkOperationException>(() => XdpAttach.AttachAsync(counting.Program, "veth0", options, Cancellation));
        Assert.Contains("/run/netns/ebpfcat-does-not-exist", e.Message);
        Assert.Equal(EbpfCat.Loader.Errno.ENOENT, e.Errno);
    }

    [Theory]
    [InlineData(XdpAttachMethod.Link)]
    [InlineData(XdpAttachMethod.Netlink)]
    public async Task A_cancelled_attach_attaches_nothing(XdpAttachMethod method)
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var counting = CountingProgram.Load();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => XdpAttach.AttachAsync(counting.Program, ns.First, In(ns, method), cancelled.Token));
        XdpAssert.NothingAttached(ns);
    }

    [Fact]
    public async Task Disposing_a_netlink_attachment_never_removes_someone_elses_program()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var ours = CountingProgram.Load();
        using var theirs = CountingProgram.Load();
        var attachment = await XdpAttach.AttachAsync(ours.Program, ns.First, In(ns, XdpAttachMethod.Netlink), Cancellation);
        // Someone else removes our program with iproute2 and attaches theirs.
        ns.IpInside("link", "set", "dev", ns.First, "xdpgeneric", "off");
        await using var other = await XdpAttach.AttachAsync(theirs.Program, ns.First, In(ns, XdpAttachMethod.Netlink), Cancellation);

        await attachment.DisposeAsync();
        await attachment.DisposeAsync();   // twice is fine
        Assert.True(attachment.IsDisposed);
        XdpAssert.Attached(ns, ns.First, other.ProgramId, XdpAttachMode.Generic);
    }

    [Fact]
    public async Task The_attachment_outlives_the_program_object_it_was_made_from()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var counting = CountingProgram.Load();
        using var sender = PacketSender.Open(ns.Second, ns.Name);
        foreach (var method in new[] { XdpAttachMethod.Link, XdpAttachMethod.Netlink })
        {
            var program = CountingProgram.LoadCountingInto(counting.Counter);
            await using (var attachment = await XdpAttach.AttachAsync(program, ns.First, In(ns, method), Cancellation))
            {
                program.Dispose();
                sender.Send(EthernetFrame.Ipv4(64), count: 5);
            }
            XdpAssert.NothingAttached(ns);
        }
        Assert.Equal(10UL, counting.WaitForCount(10));
    }
}

using EbpfCat.Loader;
using EbpfCat.Properties.Support;
using EbpfCat.Properties.Xdp;
using EbpfCat.Xdp;
using Xunit;
using static EbpfCat.Properties.Cli.CliRunner;

namespace EbpfCat.Properties.Cli;

/// <summary><c>ebpfcat attach PIN|FILE --interface NAME</c> and <c>ebpfcat detach --interface NAME</c> on a veth pair in a private
/// network namespace: the program stays attached after the tool exits (rtnetlink, not a link), sees the traffic, and detach removes
/// it, whoever attached it.</summary>
public sealed class AttachCommandTests
{
    [Fact]
    public void A_program_attached_by_pin_stays_attached_after_the_tool_exits_counts_frames_and_detach_removes_it()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var bpffs = TemporaryBpfFs.Mount();
        using var counting = CountingProgram.Load();
        var pin = Path.Combine(bpffs.Path, "counting");
        counting.Program.Pin(pin);
        uint id = counting.Program.Info.Id;

        // a process of its own, so "after the tool exits" is literal
        var attach = RunProcess("attach", pin, "--interface", ns.First, "--netns", ns.Name, "--mode", "skb");
        Assert.Equal((0, ""), (attach.ExitCode, attach.Error));
        Assert.StartsWith($"program {id} attached to {ns.First} in skb mode", attach.Output);
        XdpAssert.Attached(ns, ns.First, id, XdpAttachMode.Generic);   // our netlink query and `ip -d link show`
        Assert.Contains("xdpgeneric", ns.IpInside("link", "show", "dev", ns.First));

        using (var sender = PacketSender.Open(ns.Second, ns.Name)) sender.Send(EthernetFrame.Ipv4(64), count: 30);
        Assert.Equal(30UL, counting.WaitForCount(30));

        var detach = Run("detach", "--interface", ns.First, "--netns", ns.Name);
        Assert.Equal((0, ""), (detach.ExitCode, detach.Error));
        Assert.Equal($"program {id} detached from {ns.First} (skb mode)\n", detach.Output.ReplaceLineEndings("\n"));
        XdpAssert.NothingAttached(ns);
    }

    [Fact]
    public void A_program_file_is_loaded_and_attached_in_the_mode_asked_for()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        var attach = Run("attach", LoadCommandTests.Binary("r0 = 0x2\nexit", "cli_attach.bin"), "-i", ns.First, "--netns", ns.Name, "--mode", "drv");
        Assert.Equal((0, ""), (attach.ExitCode, attach.Error));
        var (mode, id) = Assert.Single(XdpAttach.Query(ns.First, ns.Name).ProgramIds);
        Assert.Equal(XdpAttachMode.Driver, mode);
        XdpAssert.Attached(ns, ns.First, id, XdpAttachMode.Driver);
        using (var attached = BpfProgram.OpenById(id)) Assert.Equal("cli_attach", attached.Info.Name);

        Assert.Equal(0, Run("detach", "-i", ns.First, "--netns", ns.Name, "--mode", "drv").ExitCode);
        XdpAssert.NothingAttached(ns);
    }

    [Fact]
    public async Task Detach_removes_a_program_attached_through_a_bpf_link()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var counting = CountingProgram.Load();
        await using var attachment = await XdpAttach.AttachAsync(counting.Program, ns.First, XdpTestOptions.In(ns, XdpAttachMethod.Link), XdpTestOptions.Cancellation);
        var detach = Run("detach", "--interface", ns.First, "--netns", ns.Name);
        Assert.Equal((0, ""), (detach.ExitCode, detach.Error));
        Assert.StartsWith($"program {attachment.ProgramId} detached from {ns.First}", detach.Output);
        XdpAssert.NothingAttached(ns);
    }

    [Fact]
    public void Detach_of_an_interface_without_a_program_fails_with_one_line()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        var result = Run("detach", "--interface", ns.First, "--netns", ns.Name);
        Assert.Equal((1, ""), (result.ExitCode, result.Output));
        CliAssert.OneLineError($"ebpfcat detach: interface '{ns.First}' has no XDP program attached", result.Error);
    }

    [Fact]
    public void A_wrong_interface_name_is_named_in_the_failure()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var bpffs = TemporaryBpfFs.Mount();
        using var counting = CountingProgram.Load();
        var pin = Path.Combine(bpffs.Path, "counting");
        counting.Program.Pin(pin);
        foreach (var args in new[] { new[] { "attach", pin }, ["detach"] })
        {
            var result = Run([.. args, "--interface", "nosuch9", "--netns", ns.Name]);
            Assert.Equal((1, ""), (result.ExitCode, result.Output));
            CliAssert.OneLineError($"ebpfcat {args[0]}: no network interface named 'nosuch9' in network namespace '{ns.Name}'", result.Error);
        }
        XdpAssert.NothingAttached(ns);
    }

    [Fact]
    public void Attach_fails_with_one_line_for_an_unknown_pin_a_program_that_is_not_xdp_and_a_busy_interface()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var bpffs = TemporaryBpfFs.Mount();
        var missing = Path.Combine(bpffs.Path, "nothing");
        var result = Run("attach", missing, "--interface", ns.First, "--netns", ns.Name);
        Assert.Equal((1, ""), (result.ExitCode, result.Output));
        CliAssert.OneLineError($"ebpfcat attach: {missing}: no such pinned program or file", result.Error);

        var filter = Path.Combine(bpffs.Path, "filter");
        Assert.Equal(0, Run("load", LoadCommandTests.Binary("r0 = 0x0\nexit"), "--type", "socket-filter", "--pin", filter).ExitCode);
        result = Run("attach", filter, "--interface", ns.First, "--netns", ns.Name);
        Assert.Equal(1, result.ExitCode);
        CliAssert.OneLineError("ebpfcat attach: ", result.Error);
        Assert.Contains("only XDP programs attach to interfaces; this is a socket-filter program", result.Error);

        using var counting = CountingProgram.Load();
        var pin = Path.Combine(bpffs.Path, "counting");
        counting.Program.Pin(pin);
        Assert.Equal(0, Run("attach", pin, "--interface", ns.First, "--netns", ns.Name, "--mode", "skb").ExitCode);
        result = Run("attach", LoadCommandTests.Binary("r0 = 0x1\nexit"), "--interface", ns.First, "--netns", ns.Name, "--mode", "skb");
        Assert.Equal(1, result.ExitCode);
        CliAssert.OneLineError($"ebpfcat attach: interface '{ns.First}' already has an XDP program (id {counting.Program.Info.Id})", result.Error);
        XdpAssert.Attached(ns, ns.First, counting.Program.Info.Id, XdpAttachMode.Generic);   // left alone
        Assert.Equal(0, Run("detach", "--interface", ns.First, "--netns", ns.Name).ExitCode);
        XdpAssert.NothingAttached(ns);
    }

    [Theory]
    [InlineData("attach", "x.bin")]                                        // --interface is required
    [InlineData("attach", "x.bin", "--interface", "veth0", "--mode", "turbo")]
    [InlineData("detach")]
    [InlineData("detach", "--interface", "veth0", "--mode", "generic")]
    public void A_wrong_command_line_is_a_usage_error(params string[] args)
    {
        var result = Run(args);
        Assert.Equal((2, ""), (result.ExitCode, result.Output));
        Assert.Contains($"Try 'ebpfcat {args[0]} --help'.", result.Error);
    }
}

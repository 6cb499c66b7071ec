using EbpfCat.Netlink;
using EbpfCat.Properties.Kernel;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

using static EbpfCat.Properties.Xdp.XdpTestOptions;

namespace EbpfCat.Properties.Xdp;

/// <summary>Attaching, detaching and failing to attach leave no descriptor open: no netlink or packet socket, no program
/// reference, no namespace file. Runs alone (fd counts mean nothing while other tests open descriptors).</summary>
[Collection(nameof(FileDescriptorCounting))]
public sealed class XdpLeakTests
{
    /// <summary>This process's descriptors by kind: <c>socket</c>, <c>anon_inode:bpf-prog</c>, <c>net</c> (a namespace), ...;
    /// the baseline is taken after finalizing what earlier code dropped, the count after the cycles without collecting,
    /// so that a handle left to its finalizer counts as a leak.</summary>
    static Dictionary<string, int> OpenDescriptorKinds(bool settle)
    {
        if (settle)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        return Directory.GetFiles("/proc/self/fd")
            .Select(f => { try { return new FileInfo(f).LinkTarget; } catch (IOException) { return null; } })
            .OfType<string>()
            // What we open: sockets, BPF objects (anon inodes), namespaces; not the runtime's lazily opened assemblies.
            .Where(t => !t.StartsWith('/') || t.StartsWith("/proc/", StringComparison.Ordinal) || t.StartsWith("/run/", StringComparison.Ordinal))
            .Select(t => t.StartsWith('/') ? "file " + t : t.Split(':')[0] + (t.StartsWith("anon_inode:", StringComparison.Ordinal) ? t[10..] : ""))
            .GroupBy(k => k)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    static async Task Cycle(TestNetworkNamespace ns, CountingProgram first, CountingProgram second)
    {
        foreach (var method in new[] { XdpAttachMethod.Link, XdpAttachMethod.Netlink })
        {
            await using (var attachment = await XdpAttach.AttachAsync(first.Program, ns.First, In(ns, method), Cancellation))
            {
                await Assert.ThrowsAsync<XdpProgramAlreadyAttachedException>(() => XdpAttach.AttachAsync(second.Program, ns.First, In(ns, XdpAttachMethod.Auto), Cancellation));
                await Assert.ThrowsAsync<XdpProgramAlreadyAttachedException>(() => XdpAttach.AttachAsync(second.Program, ns.First, In(ns, XdpAttachMethod.Netlink), Cancellation));
                await attachment.ReplaceAsync(second.Program, Cancellation);
                await attachment.ReplaceAsync(first.Program, Cancellation);
            }
            await Assert.ThrowsAsync<NetworkInterfaceNotFoundException>(() => XdpAttach.AttachAsync(first.Program, "nosuch0", In(ns, method), Cancellation));
            await Assert.ThrowsAsync<XdpModeNotSupportedException>(() => XdpAttach.AttachAsync(first.Program, ns.First, In(ns, method, XdpAttachMode.Hardware), Cancellation));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => XdpAttach.AttachAsync(first.Program, ns.First, In(ns, method), new CancellationToken(true)));
        }
        Assert.Throws<NetworkInterfaceNotFoundException>(() => PacketSender.Open("nosuch0", ns.Name));
        using (var sender = PacketSender.Open(ns.Second, ns.Name)) sender.Send(EthernetFrame.Ipv4(64));
        Assert.All(XdpAttach.QueryAll(ns.Name), s => Assert.False(s.HasProgram));
    }

    [Fact]
    public async Task Attaching_detaching_and_every_failure_leave_no_descriptor_open()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        using var first = CountingProgram.Load();
        using var second = CountingProgram.Load();
        await Cycle(ns, first, second);   // warm up: lazily opened files are not leaks
        var before = OpenDescriptorKinds(settle: true);
        for (int i = 0; i < 50; i++) await Cycle(ns, first, second);
        var after = OpenDescriptorKinds(settle: false);
        var grown = after.Where(a => a.Value > before.GetValueOrDefault(a.Key)).Select(a => $"{a.Key}: {before.GetValueOrDefault(a.Key)} -> {a.Value}").ToList();
        Assert.True(grown.Count == 0, $"descriptors left open: {string.Join(", ", grown)}");
        XdpAssert.NothingAttached(ns);
    }
}

using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Xdp;

/// <summary>Assertions about what is attached in a test namespace, checked two independent ways.</summary>
internal static class XdpAssert
{
    /// <summary>No interface in the namespace has an XDP program: by our netlink query and by iproute2's <c>ip -d link show</c>
    /// (which prints <c>xdp</c>, <c>xdpgeneric</c>, <c>xdpdrv</c> or <c>xdpoffload</c> and a <c>prog/xdp</c> line for attached programs).</summary>
    internal static void NothingAttached(TestNetworkNamespace ns)
    {
        var states = XdpAttach.QueryAll(ns.Name);
        Assert.Contains(states, s => s.InterfaceName == ns.First);
        Assert.All(states, s => Assert.False(s.HasProgram, s.ToString()));
        var details = ns.IpInside("-d", "link", "show");
        Assert.DoesNotContain("prog/xdp", details);
        Assert.DoesNotMatch(@"\bxdp(generic|drv|offload|multi)?\b", details);
    }

    /// <summary>Exactly <paramref name="programId"/> is attached to <paramref name="interfaceName"/>, in <paramref name="mode"/>,
    /// by both accounts.</summary>
    internal static void Attached(TestNetworkNamespace ns, string interfaceName, uint programId, XdpAttachMode mode)
    {
        var state = XdpAttach.Query(interfaceName, ns.Name);
        Assert.Equal([(mode, programId)], state.ProgramIds);
        var details = ns.IpInside("-d", "link", "show", "dev", interfaceName);
        Assert.Contains($"prog/xdp id {programId}", details);
    }
}

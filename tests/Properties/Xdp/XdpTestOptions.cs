using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Xdp;

/// <summary>What every XDP test attaches with: an interface of its own namespace, generic mode unless it says otherwise.</summary>
internal static class XdpTestOptions
{
    /// <summary>The test's cancellation token.</summary>
    internal static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Options that attach inside <paramref name="ns"/> by <paramref name="method"/> in <paramref name="mode"/>.</summary>
    internal static XdpAttachOptions In(TestNetworkNamespace ns, XdpAttachMethod method = XdpAttachMethod.Auto, XdpAttachMode mode = XdpAttachMode.Generic)
        => new() { Mode = mode, Method = method, NetworkNamespace = ns.Name };
}

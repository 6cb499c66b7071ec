namespace EbpfCat.Xdp;

/// <summary>How <see cref="XdpAttach.AttachAsync(Loader.BpfProgram, string, XdpAttachOptions, CancellationToken)"/> attaches an XDP program.</summary>
/// <example><code>
/// var options = new XdpAttachOptions { Mode = XdpAttachMode.Generic, Method = XdpAttachMethod.Netlink, NetworkNamespace = "demo" };
/// await using var attachment = await XdpAttach.AttachAsync(program, "veth0", options);
/// </code></example>
public sealed record XdpAttachOptions
{
    /// <summary>The defaults: the kernel's choice of mode, a BPF link when available, the calling thread's namespace.</summary>
    public static XdpAttachOptions Default { get; } = new();

    /// <summary>Where in the receive path the program runs; <see cref="XdpAttachMode.Default"/> lets the kernel choose.</summary>
    public XdpAttachMode Mode { get; init; } = XdpAttachMode.Default;

    /// <summary>Link, netlink, or link with a fallback to netlink on kernels without XDP links.</summary>
    public XdpAttachMethod Method { get; init; } = XdpAttachMethod.Auto;

    /// <summary>The network namespace of the interface, by <c>ip netns</c> name or by path; null for the calling thread's.</summary>
    public string? NetworkNamespace { get; init; }
}

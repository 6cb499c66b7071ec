namespace EbpfCat.Xdp;

/// <summary>How an XDP program is attached to an interface: through a BPF link or through rtnetlink.</summary>
/// <example><code>new XdpAttachOptions { Method = XdpAttachMethod.Netlink }</code></example>
public enum XdpAttachMethod
{
    /// <summary>A BPF link when the kernel has XDP links (kernel 5.9), rtnetlink otherwise.</summary>
    Auto = 0,
    /// <summary>A BPF link (BPF_LINK_CREATE with BPF_XDP, kernel 5.9): the program is detached when the link is closed,
    /// even if the process dies, and nobody can replace it by accident.</summary>
    Link = 1,
    /// <summary>rtnetlink (RTM_SETLINK with IFLA_XDP, kernel 4.8): the program stays attached until it is detached
    /// explicitly, also after the process exits.</summary>
    Netlink = 2,
}

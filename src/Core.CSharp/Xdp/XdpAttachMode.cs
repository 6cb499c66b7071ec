namespace EbpfCat.Xdp;

/// <summary>Where in the receive path an XDP program runs: the values are the uapi XDP_FLAGS_*_MODE flags (if_link.h).</summary>
/// <example><code>await XdpAttach.AttachAsync(program, "veth0", XdpAttachMode.Generic);</code></example>
public enum XdpAttachMode : uint
{
    /// <summary>No mode flag: the kernel picks driver mode when the driver supports XDP, generic mode otherwise.</summary>
    Default = 0,
    /// <summary>XDP_FLAGS_SKB_MODE: generic XDP after the socket buffer is built; works on every interface (kernel 4.12).</summary>
    Generic = 2,
    /// <summary>XDP_FLAGS_DRV_MODE: native XDP in the driver before any allocation; needs driver support (veth has it, kernel 4.8).</summary>
    Driver = 4,
    /// <summary>XDP_FLAGS_HW_MODE: offloaded to the network card; needs an offload-capable card and an offloaded program (kernel 4.9).</summary>
    Hardware = 8,
}

namespace EbpfCat.Interpreter;

/// <summary>The plain fields of <c>struct xdp_md</c> an XDP run presents to the program; data, data_end and
/// data_meta are the packet pointers and are filled in by the interpreter.</summary>
/// <example><code>interpreter.RunXdp(packet, new XdpContextFields { IngressIfindex = 3, RxQueueIndex = 1 });</code></example>
public sealed record XdpContextFields
{
    /// <summary>xdp_md.ingress_ifindex (offset 12).</summary>
    public uint IngressIfindex { get; init; } = 1;

    /// <summary>xdp_md.rx_queue_index (offset 16).</summary>
    public uint RxQueueIndex { get; init; }

    /// <summary>xdp_md.egress_ifindex (offset 20; 0 outside devmap programs).</summary>
    public uint EgressIfindex { get; init; }
}

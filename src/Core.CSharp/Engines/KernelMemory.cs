namespace EbpfCat.Engines;

/// <summary>Where <see cref="KernelEngine"/> puts the memory block that r1 points to.</summary>
/// <example><code>var engine = new KernelEngine(KernelMemory.Packet);   // as bpf_conformance's libbpf plugin does</code></example>
public enum KernelMemory
{
    /// <summary>In the value of a one-element array map sized exactly to the block, reached with a direct map-value load
    /// (kernel 5.2): r1 is a map-value pointer, so the verifier accepts every in-bounds access with constant or bounded
    /// offsets, atomics included, and rejects every access outside the block. The default: the most conformance programs run.</summary>
    MapValue,
    /// <summary>As the XDP packet of BPF_PROG_TEST_RUN (padded to the 14 bytes of an Ethernet header that XDP test runs
    /// need): r1 is a packet pointer checked once against <c>data_end</c> for the block's length. Atomics on packet
    /// memory are refused by the verifier, variable offsets need the program's own bounds checks, and the block must fit
    /// in one page with XDP's head- and tailroom (about 3.5 KiB).</summary>
    Packet,
}

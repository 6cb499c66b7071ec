using EbpfCat.Builder;
using EbpfCat.Xdp;

namespace EbpfCat.Examples;

/// <summary>Counts IPv4 frames and all others in an array map that user space reads as shared memory.</summary>
public sealed class IpCountProgram : XdpProgram
{
    public ArrayVariable<ulong> ipv4 = new(), other = new();

    protected override void Build()
    {
        If(PacketSize >= 14, () =>
            // the EtherType, in network byte order
            If(Packet.Network.H[12] == 0x0800, () => ipv4 += 1).Else(() => other += 1));
        Exit(XdpAction.Pass);
    }
}

using EbpfCat.Builder;
using EbpfCat.Xdp;

namespace EbpfCat.Benchmarks.Programs;

// The reference programs written with the C# builder; each has a twin in c/ with the same semantics.

/// <summary>count: a 64-bit atomic counter, PASS.</summary>
public sealed class CountXdp : XdpProgram
{
    public ArrayVariable<ulong> count = new();

    protected override void Build()
    {
        count += 1;
        Exit(XdpAction.Pass);
    }
}

/// <summary>ipcount: EtherType 0x0800 at offset 12 of a packet of at least 14 bytes counts A, else B.</summary>
public sealed class IpCountXdp : XdpProgram
{
    public ArrayVariable<ulong> ipv4 = new(), other = new();

    protected override void Build()
    {
        If(PacketSize >= 14, () =>
            If(Packet.Network.H[12] == 0x0800, () => ipv4 += 1).Else(() => other += 1));
        Exit(XdpAction.Pass);
    }
}

/// <summary>fixed: reads a fixed-point value, multiplies it by 1.5 and stores it.</summary>
public sealed class FixedXdp : XdpProgram
{
    public ArrayVariable<double> value = new();

    protected override void Build()
    {
        value.Set(value * 1.5);
        Exit(XdpAction.Pass);
    }
}

/// <summary>parse: an unrolled Ethernet/IPv4/UDP header parser with 50 conditions.</summary>
public sealed class ParseXdp : XdpProgram
{
    public ArrayVariable<ulong> matched = new();

    protected override void Build()
    {
        If(PacketSize >= ReferencePacket.UdpHeaderEnd, () =>
        {
            If(Packet.Network.H[12] != 0x0800, () => Exit(XdpAction.Pass));
            If(Packet.B[14] != 0x45, () => Exit(XdpAction.Pass));
            If(Packet.B[23] != 17, () => Exit(XdpAction.Pass));
            If(Packet.B[22] == 0, () => Exit(XdpAction.Drop));
            var source = Local(Packet.Network.I[26]);
            for (int i = 0; i < ReferencePacket.BlockedSources; i++)
                If(source == ReferencePacket.BlockedSource(i), () => Exit(XdpAction.Drop));
            var port = Local(Packet.Network.H[36]);
            for (int i = 0; i < ReferencePacket.BlockedPorts; i++)
                If(port == ReferencePacket.BlockedPort(i), () => Exit(XdpAction.Drop));
            If(Packet.Network.H[34] == 53, () => matched += 1);
        });
        Exit(XdpAction.Pass);
    }
}

/// <summary>pressure: 14 packet bytes all live at once, more than the registers that hold them.</summary>
public sealed class PressureXdp : XdpProgram
{
    public ArrayVariable<ulong> result = new();

    protected override void Build()
    {
        If(PacketSize >= 14 + ReferencePacket.PressureValues, () =>
        {
            var values = Enumerable.Range(0, ReferencePacket.PressureValues).Select(i => Local(Packet.B[14 + i])).ToArray();
            var sum = Local(0);
            for (int i = 0; i < values.Length; i++)
                sum.Set(sum + values[i] * values[(i + 1) % values.Length]);
            for (int i = 0; i < values.Length; i++)
                sum.Set(sum ^ values[i]);
            result.Set(sum);
        });
        Exit(XdpAction.Pass);
    }
}

/// <summary>large: a straight line of about 10,000 instructions.</summary>
public sealed class LargeXdp : XdpProgram
{
    public ArrayVariable<ulong> result = new();

    protected override void Build()
    {
        If(PacketSize >= 18, () =>
        {
            var x = Local(Packet.I[14]);
            for (int i = 0; i < ReferencePacket.LargeSteps; i++)
                x.Set((x ^ ReferencePacket.LargeConstant(i)) + (x >> 3));
            result.Set(x);
        });
        Exit(XdpAction.Pass);
    }
}

/// <summary>floor: r0 = 2; exit.</summary>
public sealed class FloorXdp : XdpProgram
{
    protected override void Build() => Exit(XdpAction.Pass);
}

/// <summary>A program of <paramref name="statements"/> statements, to show how compile cost grows with size.</summary>
public sealed class SizedXdp(int statements) : XdpProgram
{
    public ArrayVariable<ulong> result = new();

    protected override void Build()
    {
        // No packet guard: a guard's jump over 10,000 statements would be out of a 16-bit jump's reach.
        var x = Local(result);
        for (int i = 1; i < statements - 1; i++)
            x.Set((x ^ ReferencePacket.LargeConstant(i)) + (x >> 3));
        result.Set(x);
        Exit(XdpAction.Pass);
    }

    public override string Name => $"sized{statements}";
}

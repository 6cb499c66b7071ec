using EbpfCat.Builder;
using EbpfCat.Xdp;

namespace EbpfCat.Properties.Builder;

/// <summary>The seed's first example: count every packet in a hash map.</summary>
public sealed class Count : XdpProgram
{
    public HashVariable<ulong> count = new(map: "userspace");

    protected override void Build()
    {
        count += 1;
        Exit(XdpAction.Pass);
    }
}

/// <summary>The seed's fixed-point example, each of its four statements into its own variable so user space can check each.</summary>
public sealed class FixedPoint : XdpProgram
{
    public ArrayVariable<double> fixed_var = new();
    public ArrayVariable<int> normal_var = new();
    public ArrayVariable<double> divided = new();
    public ArrayVariable<double> floored = new();
    public ArrayVariable<double> input = new();

    protected override void Build()
    {
        fixed_var.Set(3.5);                 // automatically converted to fixed
        If(input != 0.0, () => fixed_var.Set(input));
        normal_var.Set(fixed_var);          // automatically truncated
        divided.Set(normal_var / 5);        // keep decimals
        floored.Set(normal_var.FloorDiv(5)); // floor division
        Exit(XdpAction.Pass);
    }
}

/// <summary>The seed's ArrayMap example: a byte and an int variable shared with user space.</summary>
public sealed class ArrayMapExample : XdpProgram
{
    public ArrayVariable<byte> a_byte_variable = new(map: "array_map");
    public ArrayVariable<int> an_integer_variable = new(map: "array_map");
    public ArrayVariable<int> seen = new(map: "array_map");

    protected override void Build()
    {
        seen.Set(an_integer_variable);      // what user space wrote
        a_byte_variable.Set(200);
        an_integer_variable += 5;
        Exit(XdpAction.Pass);
    }
}

/// <summary>A per-CPU counter.</summary>
public sealed class PerCpuCount : XdpProgram
{
    public PerCpuArrayVariable<ulong> packets = new();

    protected override void Build()
    {
        packets += 1;
        Exit(XdpAction.Pass);
    }
}

/// <summary>Counts IPv4 and other frames: the seed's packet-access example with a network-order field.</summary>
public sealed class IpCount : XdpProgram
{
    public ArrayVariable<ulong> ipv4 = new(), other = new();

    protected override void Build()
    {
        If(PacketSize >= 14, () =>
            If(Packet.Network.H[12] == 0x0800, () => ipv4 += 1).Else(() => other += 1));
        Exit(XdpAction.Pass);
    }
}

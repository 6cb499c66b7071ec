using EbpfCat.Builder;
using EbpfCat.Xdp;

namespace EbpfCat.Examples;

/// <summary>The seed's first example: counts every packet in a hash map and passes it on.</summary>
public sealed class CountProgram : XdpProgram
{
    public HashVariable<ulong> count = new(map: "userspace");

    protected override void Build()
    {
        count += 1;
        Exit(XdpAction.Pass);
    }
}

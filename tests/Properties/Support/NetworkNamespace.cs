using EbpfCat.Netlink;

namespace EbpfCat.Properties.Support;

/// <summary>A private network namespace for one test, named <c>ebpfcat-PID-RANDOM</c>, holding a veth pair whose two ends
/// (<see cref="First"/> and <see cref="Second"/>) are both inside and up; deleted on dispose. Test traffic stays inside.</summary>
/// <remarks>
/// IPv6 is switched off in the namespace before the pair is made, so the interfaces send nothing of their own (no router
/// solicitations, no duplicate address detection) and a test's packet counts are exact. Namespaces left behind by test
/// processes that died are deleted the first time a namespace is created; those of running processes are left alone.
/// Interface indexes, netlink and packet sockets are per namespace: use <see cref="Run{T}"/> to do work inside, or pass
/// <see cref="Name"/> as the network namespace of the XDP and packet APIs.
/// </remarks>
public sealed class TestNetworkNamespace : IDisposable
{
    readonly VethNetwork network;

    TestNetworkNamespace(VethNetwork network) => this.network = network;

    /// <summary>The namespace's name for <c>ip netns</c>.</summary>
    public string Name => network.Namespace;

    /// <summary>The end of the veth pair the tests attach programs to.</summary>
    public string First => network.First;

    /// <summary>The other end, which the tests send frames from.</summary>
    public string Second => network.Second;

    /// <summary>Creates the namespace and the veth pair; skips (or fails, when kernel tests are required) where that is not allowed.</summary>
    public static TestNetworkNamespace CreateWithVethPair()
    {
        try
        {
            return new TestNetworkNamespace(VethNetwork.Create("ebpfcat"));
        }
        catch (NetworkOperationException e)
        {
            KernelRequirement.Demand($"cannot make a network namespace with a veth pair: {e.Message}");
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a thread inside the namespace and returns its result.</summary>
    public T Run<T>(Func<T> work) => EbpfCat.Netlink.NetworkNamespace.Run(Name, work);

    /// <summary>Runs <c>ip -n NAME ARGUMENTS</c> and returns what it printed; throws when it fails.</summary>
    public string IpInside(params string[] arguments) => network.IpInside(arguments);

    /// <summary>The IPv4 packets the namespace's stack has received (InReceives of /proc/net/snmp): packets an XDP program
    /// passed on are counted, dropped ones are not.</summary>
    public long Ipv4PacketsReceived() => Run(() =>
    {
        // thread-self, not self: the namespace is this thread's, not the process's.
        var lines = File.ReadAllLines("/proc/thread-self/net/snmp").Where(l => l.StartsWith("Ip:", StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ');
        var values = lines[1].Split(' ');
        return long.Parse(values[Array.IndexOf(names, "InReceives")], System.Globalization.CultureInfo.InvariantCulture);
    });

    /// <summary>Deletes the namespace (and with it the veth pair, once nothing holds the namespace any more).</summary>
    public void Dispose() => network.Dispose();
}

using System.Text.RegularExpressions;

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
public sealed partial class TestNetworkNamespace : IDisposable
{
    const string Prefix = "ebpfcat-";
    static readonly Lazy<bool> staleRemoved = new(RemoveStale);

    TestNetworkNamespace(string name) => Name = name;

    /// <summary>The namespace's name for <c>ip netns</c>.</summary>
    public string Name { get; }

    /// <summary>The end of the veth pair the tests attach programs to.</summary>
    public string First => "veth0";

    /// <summary>The other end, which the tests send frames from.</summary>
    public string Second => "veth1";

    /// <summary>Creates the namespace and the veth pair; skips (or fails, when kernel tests are required) where that is not allowed.</summary>
    public static TestNetworkNamespace CreateWithVethPair()
    {
        _ = staleRemoved.Value;
        var name = $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        var (code, _, error) = Ip("netns", "add", name);
        if (code != 0) KernelRequirement.Demand($"cannot create a network namespace with `ip netns add`: {error}");
        var ns = new TestNetworkNamespace(name);
        try
        {
            ns.Run(() =>
            {
                // /proc/sys/net shows the namespace of the thread that opens it.
                foreach (var scope in new[] { "all", "default" })
                {
                    var path = $"/proc/sys/net/ipv6/conf/{scope}/disable_ipv6";
                    if (File.Exists(path)) File.WriteAllText(path, "1");
                }
                return 0;
            });
            var (added, _, failure) = Ip("-n", name, "link", "add", ns.First, "type", "veth", "peer", "name", ns.Second);
            if (added != 0) KernelRequirement.Demand($"cannot create a veth pair: {failure}");
            ns.IpInside("link", "set", ns.First, "up");
            ns.IpInside("link", "set", ns.Second, "up");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a thread inside the namespace and returns its result.</summary>
    public T Run<T>(Func<T> work) => EbpfCat.Netlink.NetworkNamespace.Run(Name, work);

    /// <summary>Runs <c>ip -n NAME ARGUMENTS</c> and returns what it printed; throws when it fails.</summary>
    public string IpInside(params string[] arguments)
    {
        var (code, output, error) = Ip(["-n", Name, .. arguments]);
        if (code != 0) throw new InvalidOperationException($"ip -n {Name} {string.Join(' ', arguments)} failed ({code}): {error}");
        return output;
    }

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
    public void Dispose() => Ip("netns", "delete", Name);

    static (int Code, string Output, string Error) Ip(params string[] arguments) => ExternalCommand.Run("ip", arguments);

    /// <summary>Deletes the namespaces of test processes that are no longer running.</summary>
    static bool RemoveStale()
    {
        var (code, output, _) = Ip("netns", "list");
        if (code != 0) return false;
        foreach (Match m in OurNamespace().Matches(output))
        {
            int pid = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}")) Ip("netns", "delete", m.Groups[1].Value);
        }
        return true;
    }

    [GeneratedRegex(@"^(ebpfcat-(\d+)-[0-9a-f]+)", RegexOptions.Multiline)]
    private static partial Regex OurNamespace();
}

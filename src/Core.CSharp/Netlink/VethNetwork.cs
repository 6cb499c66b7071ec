using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EbpfCat.Netlink;

/// <summary>A private network namespace holding a veth pair, both ends up, made with iproute2's <c>ip</c>
/// (package iproute2) and deleted on dispose: a safe place to attach XDP programs and send real frames
/// without touching the machine's own interfaces (network namespaces: kernel 2.6.24, veth: 2.6.24).</summary>
/// <remarks>
/// IPv6 is switched off inside before the pair is made, so the interfaces send nothing of their own (no
/// router solicitations, no duplicate address detection) and packet counts are exact. Namespaces named
/// <c>PREFIX-PID-…</c> left behind by processes that died are removed when the next one is made.
/// Interface indexes, netlink and packet sockets are per namespace: pass <see cref="Namespace"/> to the
/// XDP and packet APIs, or use <see cref="NetworkNamespace.Run{T}"/>.
/// </remarks>
/// <example><code>
/// using var network = VethNetwork.Create("ebpfcat-demo");
/// await using var attached = await program.AttachAsync(network.First, new XdpAttachOptions { Mode = XdpAttachMode.Generic, NetworkNamespace = network.Namespace });
/// using var sender = PacketSender.Open(network.Second, network.Namespace);
/// </code></example>
public sealed partial class VethNetwork : IDisposable
{
    VethNetwork(string name) => Namespace = name;

    /// <summary>The namespace's name for <c>ip netns</c>.</summary>
    public string Namespace { get; }

    /// <summary>The end of the pair to attach programs to.</summary>
    public string First => "veth0";

    /// <summary>The other end, to send frames from.</summary>
    public string Second => "veth1";

    /// <summary>Creates <c>PREFIX-PID-RANDOM</c> with a veth pair inside.</summary>
    /// <exception cref="NetworkOperationException">iproute2 is missing or refused (e.g. without CAP_NET_ADMIN).</exception>
    public static VethNetwork Create(string prefix = "ebpfcat")
    {
        RemoveStale(prefix);
        var name = $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        Ip("netns", "add", name);
        var network = new VethNetwork(name);
        try
        {
            NetworkNamespace.Run(name, () =>
            {
                // /proc/sys/net shows the namespace of the thread that opens it
                foreach (var scope in new[] { "all", "default" })
                {
                    var path = $"/proc/sys/net/ipv6/conf/{scope}/disable_ipv6";
                    if (File.Exists(path)) File.WriteAllText(path, "1");
                }
                return 0;
            });
            Ip("-n", name, "link", "add", network.First, "type", "veth", "peer", "name", network.Second);
            Ip("-n", name, "link", "set", network.First, "up");
            Ip("-n", name, "link", "set", network.Second, "up");
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Runs <c>ip -n NAMESPACE ARGUMENTS</c> and returns what it printed.</summary>
    public string IpInside(params string[] arguments) => Ip(["-n", Namespace, .. arguments]);

    /// <summary>Deletes the namespace and the pair with it.</summary>
    public void Dispose()
    {
        try { Ip("netns", "delete", Namespace); }
        catch (NetworkOperationException) { } // already gone
    }

    static void RemoveStale(string prefix)
    {
        string list;
        try { list = Ip("netns", "list"); }
        catch (NetworkOperationException) { return; }
        foreach (Match m in Owned().Matches(list))
        {
            if (!m.Groups[1].Value.StartsWith(prefix + "-", StringComparison.Ordinal)) continue;
            int pid = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                try { Ip("netns", "delete", m.Groups[1].Value); }
                catch (NetworkOperationException) { }
            }
        }
    }

    static string Ip(params string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception e) { throw Failed(arguments, $"cannot run iproute2's ip ({e.Message}); apt-get install iproute2"); }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw Failed(arguments, error.Trim());
            return output.Result;
        }
    }

    static NetworkOperationException Failed(string[] arguments, string why)
    {
        var command = $"ip {string.Join(' ', arguments)}";
        return new NetworkOperationException(command, 0, why, $"{command} failed: {why}");
    }

    [GeneratedRegex(@"^(\S+-(\d+)-[0-9a-f]{8})\b", RegexOptions.Multiline)]
    private static partial Regex Owned();
}

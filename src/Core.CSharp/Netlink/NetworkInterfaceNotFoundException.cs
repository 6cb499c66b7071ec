namespace EbpfCat.Netlink;

/// <summary>No network interface has the given name or index in the network namespace that was searched (ENODEV from rtnetlink).</summary>
/// <example><code>
/// try { await XdpAttach.AttachAsync(program, "eth9"); }
/// catch (NetworkInterfaceNotFoundException e) { Console.Error.WriteLine(e.Message); }
/// </code></example>
public sealed class NetworkInterfaceNotFoundException : NetworkOperationException
{
    const int ENODEV = 19;

    /// <summary>The interface <paramref name="interfaceName"/> (or the one with <paramref name="interfaceIndex"/> when the name is null)
    /// is missing from <paramref name="networkNamespace"/> (null: the calling thread's namespace).</summary>
    public NetworkInterfaceNotFoundException(string? interfaceName, int interfaceIndex, string? networkNamespace)
        : base("RTM_GETLINK", ENODEV, null, Describe(interfaceName, interfaceIndex, networkNamespace))
    {
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        NetworkNamespace = networkNamespace;
    }

    /// <summary>The name that was looked up, or null when an index was.</summary>
    public string? InterfaceName { get; }

    /// <summary>The index that was looked up, or 0 when a name was.</summary>
    public int InterfaceIndex { get; }

    /// <summary>The network namespace searched, or null for the calling thread's.</summary>
    public string? NetworkNamespace { get; }

    static string Describe(string? name, int index, string? networkNamespace)
    {
        var what = name is not null ? $"named '{name}'" : $"with index {index}";
        var where = networkNamespace is null ? "this network namespace" : $"network namespace '{networkNamespace}'";
        return $"no network interface {what} in {where}";
    }
}

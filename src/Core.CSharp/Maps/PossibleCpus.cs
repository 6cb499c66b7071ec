namespace EbpfCat.Maps;

/// <summary>The number of possible CPUs, which sizes the values of per-CPU maps in user space.</summary>
/// <remarks>Per-CPU maps hold a slot for every CPU that could ever come online, so the count comes
/// from /sys/devices/system/cpu/possible (like "0-3" or "0,2-5"), not from the online CPUs.</remarks>
/// <example><code>int slots = PossibleCpus.Count;</code></example>
public static class PossibleCpus
{
    const string Path = "/sys/devices/system/cpu/possible";

    static readonly Lazy<int> count = new(() => Parse(File.ReadAllText(Path)));

    /// <summary>The number of possible CPUs of this machine (read once).</summary>
    public static int Count => count.Value;

    /// <summary>Counts the CPUs in a kernel CPU list such as "0-3,8,10-11".</summary>
    /// <example><code>PossibleCpus.Parse("0-3,8") == 5</code></example>
    public static int Parse(string list)
    {
        int total = 0;
        foreach (var part in list.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = part.IndexOf('-');
            total += dash < 0 ? 1 : int.Parse(part[(dash + 1)..]) - int.Parse(part[..dash]) + 1;
        }
        return total > 0 ? total : throw new FormatException($"'{list}' lists no CPUs");
    }
}

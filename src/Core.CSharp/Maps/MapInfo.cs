namespace EbpfCat.Maps;

/// <summary>What the kernel reports about a map (BPF_OBJ_GET_INFO_BY_FD on a map, kernel 4.13).</summary>
/// <param name="Type">The kind of map.</param>
/// <param name="Id">The kernel-wide map id.</param>
/// <param name="KeySize">Key size in bytes.</param>
/// <param name="ValueSize">Value size in bytes (per CPU for per-CPU maps).</param>
/// <param name="MaxEntries">Capacity.</param>
/// <param name="Flags">Creation flags.</param>
/// <param name="Name">The name, or empty.</param>
/// <example><code>MapInfo info = map.Info; Console.WriteLine($"{info.Name}: {info.Type}, id {info.Id}");</code></example>
public sealed record MapInfo(MapType Type, uint Id, int KeySize, int ValueSize, int MaxEntries, MapFlags Flags, string Name);

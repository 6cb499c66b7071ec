using System.Buffers.Binary;
using EbpfCat.Maps;

namespace EbpfCat.Cli;

/// <summary>One element of a map as the tool prints it: the key and the value in hex; for per-CPU maps one value per possible CPU.</summary>
/// <param name="Key">The key's bytes in hex.</param>
/// <param name="Value">The value's bytes in hex; for a per-CPU map the CPUs' values separated by spaces.</param>
/// <param name="PerCpu">For a per-CPU map, each CPU's value in hex; otherwise null.</param>
/// <param name="Number">The value read as a little-endian unsigned integer when it is 1, 2, 4 or 8 bytes (summed over the CPUs
/// for a per-CPU map), as counters are; otherwise null.</param>
internal sealed record MapEntry(
    [property: System.Text.Json.Serialization.JsonPropertyName("key")] string Key,
    [property: System.Text.Json.Serialization.JsonPropertyName("value")] string Value,
    [property: System.Text.Json.Serialization.JsonPropertyName("per_cpu")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string[]? PerCpu,
    [property: System.Text.Json.Serialization.JsonPropertyName("number")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    ulong? Number);

/// <summary>Reads every element of a map (BPF_MAP_GET_NEXT_KEY and BPF_MAP_LOOKUP_ELEM), for <c>maps dump</c> and <c>watch</c>.</summary>
internal static class MapContents
{
    /// <summary>The elements in the kernel's key order; keys deleted while reading are left out.</summary>
    public static IReadOnlyList<MapEntry> Read(BpfMap map)
    {
        var entries = new List<MapEntry>();
        var value = new byte[map.ValueBufferSize];
        foreach (var key in map.Keys())
        {
            if (!map.TryLookup(key, value)) continue;
            entries.Add(Describe(map, key, value));
        }
        return entries;
    }

    static MapEntry Describe(BpfMap map, byte[] key, byte[] value)
    {
        var keyHex = Convert.ToHexStringLower(key);
        if (!map.Type.IsPerCpu())
            return new MapEntry(keyHex, Convert.ToHexStringLower(value), null, Number(value));
        var cpus = Enumerable.Range(0, value.Length / map.ValueStride).Select(c => value.AsSpan(c * map.ValueStride, map.ValueSize).ToArray()).ToArray();
        ulong? sum = cpus.Length > 0 && Number(cpus[0]) is not null ? cpus.Aggregate(0UL, (s, v) => unchecked(s + Number(v)!.Value)) : null;
        var perCpu = cpus.Select(Convert.ToHexStringLower).ToArray();
        return new MapEntry(keyHex, string.Join(' ', perCpu), perCpu, sum);
    }

    static ulong? Number(ReadOnlySpan<byte> value) => value.Length switch
    {
        1 => value[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(value),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(value),
        8 => BinaryPrimitives.ReadUInt64LittleEndian(value),
        _ => null,
    };
}

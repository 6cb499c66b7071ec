using System.Buffers.Binary;
using System.Text;

namespace EbpfCat.Ir.Evaluation;

/// <summary>A plain model of the maps' contents, keyed by <see cref="MapDeclaration"/>: an array map is
/// the bytes of its element 0 (where its variables live), a hash map a dictionary from key to the 8 bytes
/// behind it. Missing maps read as zero bytes and empty dictionaries.</summary>
/// <example><code>
/// var maps = new MapState();
/// maps.Array(globals)[0] = 7; // count = 7
/// maps.Hash(counters)[3] = BitConverter.GetBytes(5L);
/// </code></example>
public sealed class MapState
{
    readonly Dictionary<MapDeclaration, byte[]> arrays = [];
    readonly Dictionary<MapDeclaration, SortedDictionary<long, byte[]>> hashes = [];

    /// <summary>Every map the state holds, arrays and hashes.</summary>
    public IEnumerable<MapDeclaration> Maps => arrays.Keys.Concat(hashes.Keys);

    /// <summary>The value bytes of element 0 of an array map (ValueSize bytes), created zeroed on first use.</summary>
    public byte[] Array(MapDeclaration map)
    {
        if (!arrays.TryGetValue(map, out var bytes)) arrays[map] = bytes = new byte[map.ValueSize];
        return bytes;
    }

    /// <summary>The entries of a hash map: key (truncated to the key size) → 8 value bytes, created empty on first use.</summary>
    public SortedDictionary<long, byte[]> Hash(MapDeclaration map)
    {
        if (!hashes.TryGetValue(map, out var entries)) hashes[map] = entries = [];
        return entries;
    }

    /// <summary>A deep copy.</summary>
    public MapState Clone()
    {
        var copy = new MapState();
        foreach (var (map, bytes) in arrays) copy.arrays[map] = (byte[])bytes.Clone();
        foreach (var (map, entries) in hashes)
            copy.hashes[map] = new SortedDictionary<long, byte[]>(entries.ToDictionary(e => e.Key, e => (byte[])e.Value.Clone()));
        return copy;
    }

    /// <summary>A map's contents as bytes: an array's element 0; a hash map's entries in key order, each
    /// key (KeySize bytes, little endian) followed by its 8 value bytes. A map never touched gives what an
    /// untouched kernel map gives: zeros, or no entries.</summary>
    public byte[] Bytes(MapDeclaration map)
    {
        if (map.Kind is MapKind.Array or MapKind.PerCpuArray) return arrays.TryGetValue(map, out var bytes) ? (byte[])bytes.Clone() : new byte[map.ValueSize];
        var result = new List<byte>();
        foreach (var (key, value) in hashes.GetValueOrDefault(map) ?? [])
        {
            var wide = new byte[Math.Max(8, map.KeySize)];
            BinaryPrimitives.WriteInt64LittleEndian(wide, key);
            var k = wide[..map.KeySize];
            result.AddRange(k);
            result.AddRange(value);
        }
        return [.. result];
    }

    /// <summary>True when both states hold the same bytes for every map either mentions.</summary>
    public bool ContentEquals(MapState other)
        => Maps.Concat(other.Maps).Distinct().ToList().All(m => Bytes(m).AsSpan().SequenceEqual(other.Bytes(m)));

    /// <summary>Each map's bytes in hex, for test failures.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("maps");
        foreach (var map in Maps.OrderBy(m => m.Name, StringComparer.Ordinal))
            text.Append(' ').Append(map.Name).Append('=').Append(System.Convert.ToHexString(Bytes(map)));
        return text.ToString();
    }
}

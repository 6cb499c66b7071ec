using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EbpfCat.Loader;

namespace EbpfCat.Maps;

/// <summary>Typed access to a BPF map whose keys and values are unmanaged structs laid out as the program sees them.</summary>
/// <remarks>Sizes are checked once, when the view is made. The view does not own the map unless it was made by
/// <see cref="Create(MapType, int, MapFlags, string?)"/>. For per-CPU maps use <see cref="GetPerCpu"/> and <see cref="SetPerCpu"/>.</remarks>
/// <typeparam name="TKey">The key type; its size must be the map's key size.</typeparam>
/// <typeparam name="TValue">The value type; its size must be the map's value size.</typeparam>
/// <example><code>
/// using var counts = BpfMap&lt;uint, ulong&gt;.Create(MapType.Hash, maxEntries: 256);
/// counts[7] = 1;
/// ulong n = counts[7];
/// </code></example>
public sealed class BpfMap<TKey, TValue> : IDisposable
    where TKey : unmanaged
    where TValue : unmanaged
{
    readonly bool owns;

    /// <summary>A typed view of <paramref name="map"/>; the map stays owned by the caller.</summary>
    /// <exception cref="ArgumentException">The key or value type does not have the map's sizes.</exception>
    public BpfMap(BpfMap map) : this(map, owns: false) { }

    BpfMap(BpfMap map, bool owns)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (Unsafe.SizeOf<TKey>() != map.KeySize)
            throw new ArgumentException($"{typeof(TKey).Name} is {Unsafe.SizeOf<TKey>()} bytes but the map's keys are {map.KeySize}", nameof(map));
        if (Unsafe.SizeOf<TValue>() != map.ValueSize)
            throw new ArgumentException($"{typeof(TValue).Name} is {Unsafe.SizeOf<TValue>()} bytes but the map's values are {map.ValueSize}", nameof(map));
        Map = map;
        this.owns = owns;
    }

    /// <summary>Creates a map with the key and value sizes of the types (BPF_MAP_CREATE); the view owns it.</summary>
    /// <example><code>using var m = BpfMap&lt;int, long&gt;.Create(MapType.Array, 16);</code></example>
    public static BpfMap<TKey, TValue> Create(MapType type, int maxEntries, MapFlags flags = MapFlags.None, string? name = null)
    {
        var map = BpfMap.Create(type, Unsafe.SizeOf<TKey>(), Unsafe.SizeOf<TValue>(), maxEntries, flags, name);
        try { return new BpfMap<TKey, TValue>(map, owns: true); }
        catch { map.Dispose(); throw; }
    }

    /// <summary>The untyped map.</summary>
    public BpfMap Map { get; }

    /// <summary>The value under <paramref name="key"/>; reading a missing key throws <see cref="KeyNotFoundException"/>, writing stores with BPF_ANY.</summary>
    public TValue this[TKey key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"map '{Map.Name}' has no element with key {key}");
        set => Update(key, value);
    }

    /// <summary>Reads the value under <paramref name="key"/> (BPF_MAP_LOOKUP_ELEM); false when there is none.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        RequireSingleValue();
        value = default;
        return Map.TryLookup(Bytes(ref key), MemoryMarshal.AsBytes(new Span<TValue>(ref value)));
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> (BPF_MAP_UPDATE_ELEM).</summary>
    public void Update(TKey key, TValue value, MapUpdateFlags flags = MapUpdateFlags.Any)
    {
        RequireSingleValue();
        Map.Update(Bytes(ref key), Bytes(ref value), flags);
    }

    /// <summary>Removes the element under <paramref name="key"/> (BPF_MAP_DELETE_ELEM); false when there was none.</summary>
    public bool Remove(TKey key) => Map.Delete(Bytes(ref key));

    /// <summary>All keys (BPF_MAP_GET_NEXT_KEY).</summary>
    public IEnumerable<TKey> Keys => Map.Keys().Select(k => MemoryMarshal.Read<TKey>(k));

    /// <summary>Every possible CPU's value under <paramref name="key"/> of a per-CPU map, or null when there is none.</summary>
    /// <example><code>ulong total = perCpu.GetPerCpu(0)?.Aggregate(0UL, (a, b) => a + b) ?? 0;</code></example>
    public TValue[]? GetPerCpu(TKey key)
    {
        RequirePerCpu();
        var buffer = Map.Lookup(Bytes(ref key));
        if (buffer is null) return null;
        var values = new TValue[PossibleCpus.Count];
        for (int cpu = 0; cpu < values.Length; cpu++)
            values[cpu] = MemoryMarshal.Read<TValue>(buffer.AsSpan(cpu * Map.ValueStride));
        return values;
    }

    /// <summary>Stores one value per possible CPU under <paramref name="key"/> of a per-CPU map.</summary>
    public void SetPerCpu(TKey key, ReadOnlySpan<TValue> values, MapUpdateFlags flags = MapUpdateFlags.Any)
    {
        RequirePerCpu();
        if (values.Length != PossibleCpus.Count)
            throw new ArgumentException($"a per-CPU map needs one value for each of the {PossibleCpus.Count} possible CPUs, not {values.Length}", nameof(values));
        var buffer = new byte[Map.ValueBufferSize];
        for (int cpu = 0; cpu < values.Length; cpu++)
            MemoryMarshal.Write(buffer.AsSpan(cpu * Map.ValueStride), in values[cpu]);
        Map.Update(Bytes(ref key), buffer, flags);
    }

    static ReadOnlySpan<byte> Bytes<T>(ref T value) where T : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value));

    void RequireSingleValue()
    {
        if (Map.Type.IsPerCpu()) throw new InvalidOperationException($"{Map.Type} holds one value per CPU; use GetPerCpu and SetPerCpu");
    }

    void RequirePerCpu()
    {
        if (!Map.Type.IsPerCpu()) throw new InvalidOperationException($"{Map.Type} is not a per-CPU map");
    }

    /// <summary>Disposes the map if this view created it.</summary>
    public void Dispose()
    {
        if (owns) Map.Dispose();
    }
}

using EbpfCat.Maps;

namespace EbpfCat.Elf;

/// <summary>Where a map of a BPF object is defined, which decides how programs refer to it.</summary>
public enum BpfObjectMapStorage
{
    /// <summary>A BTF-defined map in the <c>.maps</c> section (libbpf 0.x on); programs load its fd.</summary>
    BtfDefinition,
    /// <summary>A <c>struct bpf_map_def</c> in the legacy <c>maps</c> section (read only; libbpf 1.0 dropped it).</summary>
    LegacyDefinition,
    /// <summary>Global variables: a <c>.data</c>, <c>.bss</c> or <c>.rodata</c> section (or <c>.data.NAME</c>) kept in a one-element
    /// array map whose value is the section; programs load the address of a value (BPF_PSEUDO_MAP_VALUE, kernel 5.2).</summary>
    GlobalData,
}

/// <summary>A map of a BPF object: its name, how to create it, where it is defined and, for global data, its initial value.</summary>
/// <param name="Name">The map's name (for global data, the section name, e.g. <c>.bss</c>).</param>
/// <param name="Definition">What BPF_MAP_CREATE needs.</param>
/// <param name="Storage">Where the object defines it.</param>
/// <param name="InitialValue">For global data, the section's bytes (zeros for <c>.bss</c>); otherwise empty.</param>
/// <example><code>var counters = new BpfObjectMap("counters", new MapDefinition(MapType.Hash, 4, 8, 16), BpfObjectMapStorage.BtfDefinition, []);</code></example>
public sealed record BpfObjectMap(string Name, MapDefinition Definition, BpfObjectMapStorage Storage, byte[] InitialValue)
{
    /// <summary>True for a read-only global data section (<c>.rodata</c>): frozen after its value is written.</summary>
    public bool IsReadOnly => Storage == BpfObjectMapStorage.GlobalData && Name.StartsWith(".rodata", StringComparison.Ordinal);
}

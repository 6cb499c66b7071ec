using System.Buffers.Binary;

namespace EbpfCat.Interpreter;

/// <summary>A simulated BPF_MAP_TYPE_ARRAY: 4-byte index keys, every element present and zeroed at first.</summary>
/// <remarks>Updates of an index past the end fail with E2BIG, <see cref="InterpreterUpdateFlags.NoExist"/>
/// always fails with EEXIST, and deletes fail with EINVAL, as in the kernel. The value of element 0 is what
/// <c>lddw</c> with <see cref="Isa.PseudoSource.MapValue"/> points into (global variables).</remarks>
/// <example><code>
/// var hits = new InterpreterArrayMap("hits", valueSize: 8, maxEntries: 256);
/// hits.Update(6u, 0L);                        // element 6 (TCP) = 0
/// long? tcp = hits.Lookup&lt;uint, long&gt;(6);
/// </code></example>
public class InterpreterArrayMap : InterpreterMap
{
    /// <summary>An array of <paramref name="maxEntries"/> values of <paramref name="valueSize"/> bytes.</summary>
    public InterpreterArrayMap(string name, int valueSize, int maxEntries)
        : this(InterpreterMapKind.Array, name, valueSize, maxEntries, 1) { }

    private protected InterpreterArrayMap(InterpreterMapKind kind, string name, int valueSize, int maxEntries, int cpuCount)
        : base(kind, name, keySize: 4, valueSize, maxEntries, cpuCount) { }

    /// <inheritdoc/>
    public override int Count => MaxEntries;

    private protected override int FindSlot(ReadOnlySpan<byte> key)
    {
        uint index = BinaryPrimitives.ReadUInt32LittleEndian(key);
        return index < (uint)MaxEntries ? (int)index : -1;
    }

    private protected override int AcquireSlot(ReadOnlySpan<byte> key, InterpreterUpdateFlags flags, out int slot, out bool created)
    {
        created = false;
        slot = -1;
        if (flags > InterpreterUpdateFlags.Exist) return -ErrorNumbers.EINVAL;
        uint index = BinaryPrimitives.ReadUInt32LittleEndian(key);
        if (index >= (uint)MaxEntries) return -ErrorNumbers.E2BIG;
        // Every element of an array exists, so "create only" can never succeed.
        if (flags == InterpreterUpdateFlags.NoExist) return -ErrorNumbers.EEXIST;
        slot = (int)index;
        return 0;
    }

    private protected override int RemoveSlot(ReadOnlySpan<byte> key) => -ErrorNumbers.EINVAL;

    private protected override IEnumerable<(byte[] Key, int Slot)> Elements()
    {
        for (int i = 0; i < MaxEntries; i++) yield return (BitConverter.GetBytes((uint)i), i);
    }
}

namespace EbpfCat.Interpreter;

/// <summary>A simulated BPF_MAP_TYPE_HASH: elements created by update and removed by delete, at most
/// <see cref="InterpreterMap.MaxEntries"/> of them.</summary>
/// <remarks>Like a preallocated kernel hash map, values live in fixed slots: a pointer a program got from a
/// lookup stays valid (and may see a later element's value after a delete, as under RCU in the kernel).
/// Operations are thread-safe.</remarks>
/// <example><code>
/// var flows = new InterpreterHashMap("flows", keySize: 4, valueSize: 8, maxEntries: 128);
/// flows.Update(0x0a000001u, 1L, InterpreterUpdateFlags.NoExist);
/// </code></example>
public class InterpreterHashMap : InterpreterMap
{
    readonly Dictionary<byte[], int> slots = new(ByteKeyComparer.Instance);
    readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> bySpan;
    readonly Stack<int> free = new();
    int nextUnused;

    /// <summary>A hash map of at most <paramref name="maxEntries"/> elements.</summary>
    public InterpreterHashMap(string name, int keySize, int valueSize, int maxEntries)
        : this(InterpreterMapKind.Hash, name, keySize, valueSize, maxEntries, 1) { }

    private protected InterpreterHashMap(InterpreterMapKind kind, string name, int keySize, int valueSize, int maxEntries, int cpuCount)
        : base(kind, name, keySize, valueSize, maxEntries, cpuCount)
        => bySpan = slots.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <inheritdoc/>
    public override int Count
    {
        get { lock (slots) return slots.Count; }
    }

    private protected override int FindSlot(ReadOnlySpan<byte> key)
    {
        lock (slots) return bySpan.TryGetValue(key, out int slot) ? slot : -1;
    }

    private protected override int AcquireSlot(ReadOnlySpan<byte> key, InterpreterUpdateFlags flags, out int slot, out bool created)
    {
        created = false;
        slot = -1;
        if (flags > InterpreterUpdateFlags.Exist) return -ErrorNumbers.EINVAL;
        lock (slots)
        {
            if (bySpan.TryGetValue(key, out slot))
                return flags == InterpreterUpdateFlags.NoExist ? -ErrorNumbers.EEXIST : 0;
            if (flags == InterpreterUpdateFlags.Exist) return -ErrorNumbers.ENOENT;
            if (free.TryPop(out slot)) { }
            else if (nextUnused < MaxEntries) slot = nextUnused++;
            else return -ErrorNumbers.E2BIG;
            bySpan[key] = slot;
            created = true;
            return 0;
        }
    }

    private protected override int RemoveSlot(ReadOnlySpan<byte> key)
    {
        lock (slots)
        {
            if (!bySpan.Remove(key, out _, out int slot)) return -ErrorNumbers.ENOENT;
            free.Push(slot);
            return 0;
        }
    }

    private protected override IEnumerable<(byte[] Key, int Slot)> Elements()
    {
        lock (slots) return [.. slots.Select(e => (e.Key.ToArray(), e.Value))];
    }
}

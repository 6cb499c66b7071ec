using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EbpfCat.Interpreter.Memory;

namespace EbpfCat.Interpreter;

/// <summary>A map that lives in user space for the interpreter, with the kernel's lookup, update and delete
/// semantics; the same object is used by the running program and by the caller to set up and inspect contents.</summary>
/// <remarks>
/// Values are stored in one preallocated block (as the kernel preallocates array and hash maps), each value
/// at an 8-byte-aligned offset, so that pointers returned to the program stay valid and atomics are real.
/// For per-CPU maps every element holds <see cref="CpuCount"/> values; from user space they are seen in the
/// kernel's layout: one value per CPU, each padded to a multiple of 8 bytes.
/// </remarks>
/// <example><code>
/// var counts = new InterpreterArrayMap("counts", valueSize: 8, maxEntries: 4);
/// var interpreter = new BpfInterpreter(program, new InterpreterOptions { Maps = [counts] });
/// interpreter.Run();
/// long hits = counts.Lookup&lt;uint, long&gt;(0)!.Value;
/// </code></example>
public abstract class InterpreterMap
{
    static int nextFd = 1000;

    private protected InterpreterMap(InterpreterMapKind kind, string name, int keySize, int valueSize, int maxEntries, int cpuCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keySize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(valueSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpuCount);
        Kind = kind;
        Name = name;
        KeySize = keySize;
        ValueSize = valueSize;
        MaxEntries = maxEntries;
        CpuCount = cpuCount;
        ValueStride = (valueSize + 7) & ~7;
        SlotStride = ValueStride * cpuCount;
        long bytes = (long)SlotStride * maxEntries;
        if (bytes > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(maxEntries), $"map '{name}' would need {bytes} bytes of values");
        Region = new Region($"values of map '{name}'", new byte[bytes], writable: true);
        Fd = Interlocked.Increment(ref nextFd);
    }

    /// <summary>The kind of map.</summary>
    public InterpreterMapKind Kind { get; }

    /// <summary>The map's name, used in messages.</summary>
    public string Name { get; }

    /// <summary>The size of a key in bytes.</summary>
    public int KeySize { get; }

    /// <summary>The size of one value in bytes (one CPU's value for per-CPU maps).</summary>
    public int ValueSize { get; }

    /// <summary>The capacity: the number of elements of an array, the most elements a hash can hold.</summary>
    public int MaxEntries { get; }

    /// <summary>The number of CPUs with their own value (1 for maps that are not per-CPU).</summary>
    public int CpuCount { get; }

    /// <summary>The fd-like number that <c>lddw</c> with <see cref="Isa.PseudoSource.MapFd"/> or
    /// <see cref="Isa.PseudoSource.MapValue"/> uses to name this map; unique within the process.</summary>
    public int Fd { get; }

    /// <summary>True for the per-CPU kinds.</summary>
    public bool IsPerCpu => Kind is InterpreterMapKind.PerCpuArray or InterpreterMapKind.PerCpuHash;

    /// <summary>The number of elements that exist (for arrays, always <see cref="MaxEntries"/>).</summary>
    public abstract int Count { get; }

    /// <summary>The size of a value as user space reads and writes it: <see cref="ValueSize"/>, or for per-CPU
    /// maps one 8-byte-padded value per CPU.</summary>
    public int UserValueSize => IsPerCpu ? SlotStride : ValueSize;

    internal Region Region { get; }

    internal int ValueStride { get; }

    internal int SlotStride { get; }

    // ---- What each kind decides: where an element lives.

    /// <summary>The slot of an existing element, or -1.</summary>
    private protected abstract int FindSlot(ReadOnlySpan<byte> key);

    /// <summary>Finds or creates the slot for an update; 0 or a negative errno.</summary>
    private protected abstract int AcquireSlot(ReadOnlySpan<byte> key, InterpreterUpdateFlags flags, out int slot, out bool created);

    /// <summary>Removes an element; 0 or a negative errno.</summary>
    private protected abstract int RemoveSlot(ReadOnlySpan<byte> key);

    /// <summary>The keys of the existing elements with their slots.</summary>
    private protected abstract IEnumerable<(byte[] Key, int Slot)> Elements();

    // ---- The program's side (helpers and direct value access).

    /// <summary>The offset in <see cref="Region"/> of the value for <paramref name="key"/> on <paramref name="cpu"/>, or -1.</summary>
    internal long ValueOffset(ReadOnlySpan<byte> key, int cpu)
    {
        int slot = FindSlot(key);
        return slot < 0 ? -1 : (long)slot * SlotStride + (IsPerCpu ? cpu * ValueStride : 0);
    }

    /// <summary><c>bpf_map_update_elem</c> from a program: 0 or a negative errno. A per-CPU map changes only
    /// this CPU's value; a new per-CPU element starts zeroed on the other CPUs.</summary>
    internal int UpdateFromProgram(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ulong flags, int cpu)
    {
        if (flags > (ulong)InterpreterUpdateFlags.Exist) return -ErrorNumbers.EINVAL;
        int error = AcquireSlot(key, (InterpreterUpdateFlags)flags, out int slot, out bool created);
        if (error != 0) return error;
        var element = SlotSpan(slot);
        if (IsPerCpu && created) element.Clear();
        value[..ValueSize].CopyTo(element.Slice(IsPerCpu ? cpu * ValueStride : 0, ValueSize));
        return 0;
    }

    /// <summary><c>bpf_map_delete_elem</c> from a program: 0 or a negative errno.</summary>
    internal int DeleteFromProgram(ReadOnlySpan<byte> key) => RemoveSlot(key);

    // ---- The caller's side.

    /// <summary>A copy of the value stored under <paramref name="key"/> (per-CPU maps: every CPU's value, each
    /// padded to 8 bytes, as the kernel's lookup syscall returns them), or null when there is no such element.</summary>
    public byte[]? Lookup(ReadOnlySpan<byte> key)
    {
        RequireKey(key);
        int slot = FindSlot(key);
        if (slot < 0) return null;
        return IsPerCpu ? SlotSpan(slot).ToArray() : SlotSpan(slot)[..ValueSize].ToArray();
    }

    /// <summary>A copy of each CPU's value stored under <paramref name="key"/> (one entry for maps that are not per-CPU), or null.</summary>
    public byte[][]? LookupPerCpu(ReadOnlySpan<byte> key)
    {
        RequireKey(key);
        int slot = FindSlot(key);
        if (slot < 0) return null;
        var element = SlotSpan(slot);
        var values = new byte[IsPerCpu ? CpuCount : 1][];
        for (int cpu = 0; cpu < values.Length; cpu++) values[cpu] = element.Slice(cpu * ValueStride, ValueSize).ToArray();
        return values;
    }

    /// <summary>Creates or replaces the element under <paramref name="key"/> like the kernel's update syscall.</summary>
    /// <remarks>For per-CPU maps <paramref name="value"/> is either <see cref="UserValueSize"/> bytes (every CPU's
    /// value, each padded to 8 bytes) or a single <see cref="ValueSize"/>-byte value that every CPU gets.</remarks>
    /// <exception cref="InterpreterMapException">EEXIST, ENOENT or E2BIG as the kernel reports them.</exception>
    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, InterpreterUpdateFlags flags = InterpreterUpdateFlags.Any)
    {
        RequireKey(key);
        bool perCpuLayout = IsPerCpu && value.Length == SlotStride;
        if (!perCpuLayout && value.Length != ValueSize)
            throw new ArgumentException($"map '{Name}' takes values of {ValueSize} bytes{(IsPerCpu ? $" or {SlotStride} bytes for all CPUs" : "")}, not {value.Length}", nameof(value));
        int error = AcquireSlot(key, flags, out int slot, out _);
        if (error != 0) throw new InterpreterMapException(Name, -error, UpdateFailure(-error));
        var element = SlotSpan(slot);
        element.Clear();
        if (perCpuLayout)
            value.CopyTo(element);
        else
            for (int cpu = 0; cpu < (IsPerCpu ? CpuCount : 1); cpu++) value.CopyTo(element[(cpu * ValueStride)..]);
    }

    /// <summary>Removes the element under <paramref name="key"/>; false when there was none.</summary>
    /// <exception cref="InterpreterMapException">EINVAL for arrays, whose elements cannot be deleted.</exception>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        RequireKey(key);
        int error = RemoveSlot(key);
        if (error == -ErrorNumbers.ENOENT) return false;
        if (error != 0) throw new InterpreterMapException(Name, -error, "elements of an array cannot be deleted");
        return true;
    }

    /// <summary>A copy of every existing key.</summary>
    public IReadOnlyList<byte[]> Keys() => [.. Elements().Select(e => e.Key)];

    /// <summary>Sets every value of every element to zero bytes (hash elements stay).</summary>
    public void Clear() => Region.Data.AsSpan().Clear();

    /// <summary>The value under <paramref name="key"/> read as <typeparamref name="TValue"/>, or null; not for per-CPU maps.</summary>
    public TValue? Lookup<TKey, TValue>(TKey key) where TKey : unmanaged where TValue : unmanaged
    {
        if (IsPerCpu) throw new InvalidOperationException($"map '{Name}' is per-CPU: use LookupPerCpu");
        RequireValueType<TValue>();
        var bytes = Lookup(AsBytes(ref key));
        return bytes is null ? null : MemoryMarshal.Read<TValue>(bytes);
    }

    /// <summary>Each CPU's value under <paramref name="key"/> read as <typeparamref name="TValue"/>, or null.</summary>
    public TValue[]? LookupPerCpu<TKey, TValue>(TKey key) where TKey : unmanaged where TValue : unmanaged
    {
        RequireValueType<TValue>();
        return LookupPerCpu(AsBytes(ref key))?.Select(b => MemoryMarshal.Read<TValue>(b)).ToArray();
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> (for per-CPU maps, on every CPU).</summary>
    /// <exception cref="InterpreterMapException">EEXIST, ENOENT or E2BIG as the kernel reports them.</exception>
    public void Update<TKey, TValue>(TKey key, TValue value, InterpreterUpdateFlags flags = InterpreterUpdateFlags.Any)
        where TKey : unmanaged where TValue : unmanaged
    {
        RequireValueType<TValue>();
        Update(AsBytes(ref key), AsBytes(ref value), flags);
    }

    /// <summary>Removes the element under <paramref name="key"/>; false when there was none.</summary>
    public bool Delete<TKey>(TKey key) where TKey : unmanaged => Delete(AsBytes(ref key));

    /// <summary>The map's kind, name and shape.</summary>
    public override string ToString() => $"{Kind} map '{Name}' (key {KeySize} B, value {ValueSize} B, {MaxEntries} entries{(IsPerCpu ? $", {CpuCount} CPUs" : "")})";

    private protected Span<byte> SlotSpan(int slot) => Region.Data.AsSpan(slot * SlotStride, SlotStride);

    static ReadOnlySpan<byte> AsBytes<T>(ref T value) where T : unmanaged
        => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value));

    void RequireKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize) throw new ArgumentException($"map '{Name}' takes keys of {KeySize} bytes, not {key.Length}", nameof(key));
    }

    void RequireValueType<TValue>() where TValue : unmanaged
    {
        if (Unsafe.SizeOf<TValue>() != ValueSize)
            throw new ArgumentException($"map '{Name}' has values of {ValueSize} bytes; {typeof(TValue).Name} has {Unsafe.SizeOf<TValue>()}");
    }

    static string UpdateFailure(int errno) => errno switch
    {
        ErrorNumbers.EEXIST => "the key exists and NoExist was given",
        ErrorNumbers.ENOENT => "the key does not exist and Exist was given",
        ErrorNumbers.E2BIG => "the map is full or the index is out of range",
        _ => "invalid flags",
    };
}

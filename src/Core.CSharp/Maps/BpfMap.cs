using System.Runtime.CompilerServices;
using EbpfCat.Loader;
using EbpfCat.Loader.Native;

namespace EbpfCat.Maps;

/// <summary>A kernel BPF map reached through its file descriptor: create, read, write, delete, iterate,
/// batch operations (kernel 5.6), memory mapping (kernel 5.5) and pinning.</summary>
/// <remarks>Keys and values are byte spans of exactly <see cref="KeySize"/> and <see cref="ValueBufferSize"/> bytes;
/// <see cref="BpfMap{TKey, TValue}"/> adds typed access. For per-CPU maps a value buffer holds one
/// <see cref="ValueSize"/>-byte value per possible CPU, each starting at a multiple of 8 bytes.
/// Every call is a bpf(2) syscall and safe to make from several threads at once.</remarks>
/// <example><code>
/// using var map = BpfMap.Create(MapType.Hash, keySize: 4, valueSize: 8, maxEntries: 64);
/// map.Update(BitConverter.GetBytes(1), BitConverter.GetBytes(10L));
/// byte[]? value = map.Lookup(BitConverter.GetBytes(1));
/// </code></example>
public sealed class BpfMap : BpfObject
{
    BpfMap(BpfFileDescriptor handle, MapType type, int keySize, int valueSize, int maxEntries, MapFlags flags, string name)
        : base(handle)
    {
        Type = type;
        KeySize = keySize;
        ValueSize = valueSize;
        MaxEntries = maxEntries;
        Flags = flags;
        Name = name;
        ValueStride = type.IsPerCpu() ? (valueSize + 7) & ~7 : valueSize;
        ValueBufferSize = type.IsPerCpu() ? ValueStride * PossibleCpus.Count : valueSize;
    }

    /// <summary>The kind of map.</summary>
    public MapType Type { get; }

    /// <summary>Key size in bytes.</summary>
    public int KeySize { get; }

    /// <summary>Value size in bytes as declared (per CPU for per-CPU maps).</summary>
    public int ValueSize { get; }

    /// <summary>Capacity.</summary>
    public int MaxEntries { get; }

    /// <summary>Creation flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>The name given at creation, or empty.</summary>
    public string Name { get; }

    /// <summary>The distance in bytes between two CPUs' values in a per-CPU value buffer (the value size rounded up to 8); the value size otherwise.</summary>
    public int ValueStride { get; }

    /// <summary>The size of a value as user space reads and writes it: <see cref="ValueSize"/>, or for per-CPU maps
    /// <see cref="ValueStride"/> × <see cref="PossibleCpus.Count"/>.</summary>
    public int ValueBufferSize { get; }

    /// <summary>Creates a map (BPF_MAP_CREATE).</summary>
    /// <exception cref="BpfException">The kernel refused (EINVAL for attributes the kind does not accept, EPERM without CAP_BPF).</exception>
    /// <example><code>using var map = BpfMap.Create(MapType.Array, 4, 8, 16, MapFlags.Mmapable, "counters");</code></example>
    public static BpfMap Create(MapType type, int keySize, int valueSize, int maxEntries, MapFlags flags = MapFlags.None, string? name = null)
        => Create(new MapDefinition(type, keySize, valueSize, maxEntries) { Flags = flags, Name = name });

    /// <summary>Creates a map from a full definition (BPF_MAP_CREATE).</summary>
    /// <exception cref="BpfException">The kernel refused the definition.</exception>
    /// <example><code>using var map = BpfMap.Create(new MapDefinition(MapType.Hash, 4, 8, 1024) { Flags = MapFlags.NoPrealloc });</code></example>
    public static unsafe BpfMap Create(MapDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentOutOfRangeException.ThrowIfNegative(definition.KeySize, nameof(definition));
        ArgumentOutOfRangeException.ThrowIfNegative(definition.ValueSize, nameof(definition));
        ArgumentOutOfRangeException.ThrowIfNegative(definition.MaxEntries, nameof(definition));
        ObjectName.Validate(definition.Name, nameof(definition));
        var attr = new MapCreateAttr
        {
            MapType = (uint)definition.Type,
            KeySize = (uint)definition.KeySize,
            ValueSize = (uint)definition.ValueSize,
            MaxEntries = (uint)definition.MaxEntries,
            MapFlags = (uint)definition.Flags,
            NumaNode = (uint)definition.NumaNode,
            MapExtra = definition.Extra,
        };
        ObjectName.Write(definition.Name, attr.MapName);
        BpfFileDescriptor fd;
        if (definition.InnerMap is { } inner)
        {
            using var innerFd = inner.Handle.Borrow();
            attr.InnerMapFd = innerFd.U32;
            fd = new BpfFileDescriptor(BpfSyscall.Invoke(BpfCommand.MapCreate, ref attr));
        }
        else
        {
            fd = new BpfFileDescriptor(BpfSyscall.Invoke(BpfCommand.MapCreate, ref attr));
        }
        return new BpfMap(fd, definition.Type, definition.KeySize, definition.ValueSize, definition.MaxEntries, definition.Flags, definition.Name ?? "");
    }

    /// <summary>Opens the map pinned at <paramref name="path"/> in a bpffs (BPF_OBJ_GET, kernel 4.4).</summary>
    /// <exception cref="BpfException">ENOENT when nothing is pinned there.</exception>
    /// <exception cref="PinnedObjectKindException">Something other than a map is pinned there.</exception>
    /// <example><code>using var map = BpfMap.OpenPinned("/sys/fs/bpf/counters");</code></example>
    public static BpfMap OpenPinned(string path) => FromDescriptor(OpenPinnedDescriptor(path, PinnedObjectKind.Map));

    /// <summary>Opens the map with kernel-wide id <paramref name="id"/> (BPF_MAP_GET_FD_BY_ID, kernel 4.13).</summary>
    /// <example><code>foreach (var id in BpfMap.EnumerateIds()) { using var m = BpfMap.OpenById(id); }</code></example>
    public static BpfMap OpenById(uint id) => FromDescriptor(OpenDescriptorById(BpfCommand.MapGetFdById, id));

    /// <summary>The ids of all maps in the system, in increasing order (BPF_MAP_GET_NEXT_ID, kernel 4.13).</summary>
    /// <example><code>int maps = BpfMap.EnumerateIds().Count();</code></example>
    public static IEnumerable<uint> EnumerateIds() => EnumerateIds(BpfCommand.MapGetNextId);

    static BpfMap FromDescriptor(BpfFileDescriptor fd)
    {
        try
        {
            var info = ReadInfo(fd);
            return new BpfMap(fd, info.Type, info.KeySize, info.ValueSize, info.MaxEntries, info.Flags, info.Name);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>What the kernel reports about this map now (BPF_OBJ_GET_INFO_BY_FD, kernel 4.13).</summary>
    public MapInfo Info => ReadInfo(Handle);

    static unsafe MapInfo ReadInfo(BpfFileDescriptor handle)
    {
        var info = new BpfMapInfo();
        ReadInfo(handle, ref info);
        return new MapInfo((MapType)info.Type, info.Id, (int)info.KeySize, (int)info.ValueSize, (int)info.MaxEntries,
            (MapFlags)info.MapFlags, ObjectName.Read(info.Name));
    }

    // ---- Single elements.

    /// <summary>Copies the value stored under <paramref name="key"/> into <paramref name="value"/> (BPF_MAP_LOOKUP_ELEM); false when there is none.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <example><code>Span&lt;byte&gt; v = stackalloc byte[8]; bool found = map.TryLookup(key, v);</code></example>
    public bool TryLookup(ReadOnlySpan<byte> key, Span<byte> value)
    {
        CheckKey(key);
        CheckValue(value.Length);
        return Element(BpfCommand.MapLookupElement, key, value);
    }

    /// <summary>The value stored under <paramref name="key"/> (BPF_MAP_LOOKUP_ELEM), or null when there is none.</summary>
    /// <example><code>byte[]? v = map.Lookup(BitConverter.GetBytes(7));</code></example>
    public byte[]? Lookup(ReadOnlySpan<byte> key)
    {
        var value = new byte[ValueBufferSize];
        return TryLookup(key, value) ? value : null;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> (BPF_MAP_UPDATE_ELEM).</summary>
    /// <exception cref="BpfException">EEXIST with <see cref="MapUpdateFlags.NoExist"/> when the key exists, ENOENT with
    /// <see cref="MapUpdateFlags.Exist"/> when it does not, E2BIG when the map is full or an array index is out of range.</exception>
    /// <example><code>map.Update(key, value, MapUpdateFlags.NoExist);</code></example>
    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MapUpdateFlags flags = MapUpdateFlags.Any)
    {
        CheckKey(key);
        CheckValue(value.Length);
        Element(BpfCommand.MapUpdateElement, key, value, (ulong)flags);
    }

    /// <summary>Removes the element under <paramref name="key"/> (BPF_MAP_DELETE_ELEM); false when there was none.</summary>
    /// <exception cref="BpfException">EINVAL for arrays, whose elements cannot be removed.</exception>
    /// <example><code>bool removed = map.Delete(key);</code></example>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        return Element(BpfCommand.MapDeleteElement, key, []);
    }

    /// <summary>Reads and removes the element under <paramref name="key"/> in one step (BPF_MAP_LOOKUP_AND_DELETE_ELEM;
    /// queues and stacks with an empty key since kernel 4.20, hash maps since 5.14); false when there was none.</summary>
    /// <example><code>Span&lt;byte&gt; v = stackalloc byte[4]; while (queue.TryLookupAndDelete([], v)) { }</code></example>
    public bool TryLookupAndDelete(ReadOnlySpan<byte> key, Span<byte> value)
    {
        CheckKey(key);
        CheckValue(value.Length);
        return Element(BpfCommand.MapLookupAndDeleteElement, key, value);
    }

    /// <summary>Writes the key after <paramref name="key"/> into <paramref name="nextKey"/> (BPF_MAP_GET_NEXT_KEY); an empty
    /// <paramref name="key"/> asks for the first key. False when there is no next key.</summary>
    /// <remarks>For hash maps a key that is no longer present restarts at the first key (the kernel's choice).</remarks>
    /// <example><code>Span&lt;byte&gt; next = stackalloc byte[4]; bool any = map.TryGetNextKey([], next);</code></example>
    public bool TryGetNextKey(ReadOnlySpan<byte> key, Span<byte> nextKey)
    {
        if (!key.IsEmpty) CheckKey(key);
        if (nextKey.Length != KeySize) throw new ArgumentException($"the key buffer must be {KeySize} bytes, not {nextKey.Length}", nameof(nextKey));
        return Element(BpfCommand.MapGetNextKey, key, nextKey);
    }

    /// <summary>All keys, fetched one syscall at a time as the enumeration proceeds (BPF_MAP_GET_NEXT_KEY).</summary>
    /// <remarks>Concurrent changes are not a snapshot: a key deleted during the walk may restart it (hash maps).</remarks>
    /// <example><code>foreach (byte[] key in map.Keys()) Console.WriteLine(Convert.ToHexString(key));</code></example>
    public IEnumerable<byte[]> Keys()
    {
        byte[]? key = null;
        while (true)
        {
            var next = new byte[KeySize];
            if (!TryGetNextKey(key ?? [], next)) yield break;
            yield return next;
            key = next;
        }
    }

    /// <summary>Makes the map read-only for user space from now on (BPF_MAP_FREEZE, kernel 5.2); programs still write it.</summary>
    /// <example><code>config.Freeze();</code></example>
    public void Freeze()
    {
        using var fd = Handle.Borrow();
        var attr = new MapElementAttr { MapFd = fd.U32 };
        BpfSyscall.Invoke(BpfCommand.MapFreeze, ref attr);
    }

    // ---- Batches (kernel 5.6).

    /// <summary>Stores many elements at once (BPF_MAP_UPDATE_BATCH, kernel 5.6): <paramref name="keys"/> and
    /// <paramref name="values"/> hold the same number of keys and values back to back. Returns how many were stored.</summary>
    /// <remarks>Batches always create or overwrite (BPF_ANY): the kernel accepts only <see cref="MapUpdateFlags.Lock"/> as element flag.</remarks>
    /// <exception cref="ArgumentException"><paramref name="elementFlags"/> has a flag other than <see cref="MapUpdateFlags.Lock"/>.</exception>
    /// <example><code>int stored = map.UpdateBatch(keys, values);</code></example>
    public unsafe int UpdateBatch(ReadOnlySpan<byte> keys, ReadOnlySpan<byte> values, MapUpdateFlags elementFlags = MapUpdateFlags.Any)
    {
        if ((elementFlags & ~MapUpdateFlags.Lock) != 0)
            throw new ArgumentException($"batch updates always create or overwrite; only MapUpdateFlags.Lock is accepted, not {elementFlags}", nameof(elementFlags));
        int count = CountBatch(keys, values);
        using var fd = Handle.Borrow();
        fixed (byte* k = keys)
        fixed (byte* v = values)
        {
            var attr = new MapBatchAttr { MapFd = fd.U32, Keys = (ulong)k, Values = (ulong)v, Count = (uint)count, ElementFlags = (ulong)elementFlags };
            int errno = BpfSyscall.TryInvoke(BpfCommand.MapUpdateBatch, ref attr, out _);
            return errno == 0 ? (int)attr.Count : throw BpfException.From(BpfCommand.MapUpdateBatch, errno, $"{attr.Count} of {count} elements were stored");
        }
    }

    /// <summary>Removes many elements at once (BPF_MAP_DELETE_BATCH, kernel 5.6); <paramref name="keys"/> holds the keys back to back.
    /// Returns how many were removed; a missing key stops the batch with ENOENT.</summary>
    /// <example><code>int removed = map.DeleteBatch(keys);</code></example>
    public unsafe int DeleteBatch(ReadOnlySpan<byte> keys)
    {
        int count = CountBatch(keys, default);
        using var fd = Handle.Borrow();
        fixed (byte* k = keys)
        {
            var attr = new MapBatchAttr { MapFd = fd.U32, Keys = (ulong)k, Count = (uint)count };
            int errno = BpfSyscall.TryInvoke(BpfCommand.MapDeleteBatch, ref attr, out _);
            return errno == 0 ? (int)attr.Count : throw BpfException.From(BpfCommand.MapDeleteBatch, errno, $"{attr.Count} of {count} elements were removed");
        }
    }

    /// <summary>All elements, read <paramref name="chunkSize"/> at a time (BPF_MAP_LOOKUP_BATCH, kernel 5.6), or read and removed
    /// when <paramref name="delete"/> is set (BPF_MAP_LOOKUP_AND_DELETE_BATCH).</summary>
    /// <example><code>foreach (var (key, value) in map.LookupBatch()) { }</code></example>
    public IEnumerable<KeyValuePair<byte[], byte[]>> LookupBatch(int chunkSize = 256, bool delete = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var command = delete ? BpfCommand.MapLookupAndDeleteBatch : BpfCommand.MapLookupBatch;
        // The position token is opaque to user space; the kernel writes at most a key's worth (hash maps) or 4 bytes (arrays).
        var token = new byte[Math.Max(KeySize, 8)];
        var nextToken = new byte[token.Length];
        bool first = true;
        while (true)
        {
            var keys = new byte[chunkSize * KeySize];
            var values = new byte[chunkSize * ValueBufferSize];
            var (count, errno) = LookupChunk(command, first ? null : token, nextToken, keys, values, chunkSize);
            if (errno == Errno.ENOSPC && count == 0)
            {
                // A hash bucket holds more elements than the chunk: the kernel wants a bigger one.
                chunkSize *= 2;
                continue;
            }
            if (errno != 0 && errno != Errno.ENOENT) throw BpfException.From(command, errno);
            for (int i = 0; i < count; i++)
                yield return new(keys.AsSpan(i * KeySize, KeySize).ToArray(), values.AsSpan(i * ValueBufferSize, ValueBufferSize).ToArray());
            if (errno == Errno.ENOENT) yield break;
            (token, nextToken) = (nextToken, token);
            first = false;
        }
    }

    unsafe (int Count, int Errno) LookupChunk(BpfCommand command, byte[]? inToken, byte[] outToken, byte[] keys, byte[] values, int count)
    {
        using var fd = Handle.Borrow();
        fixed (byte* i = inToken)
        fixed (byte* o = outToken)
        fixed (byte* k = keys)
        fixed (byte* v = values)
        {
            var attr = new MapBatchAttr
            {
                MapFd = fd.U32, InBatch = (ulong)i, OutBatch = (ulong)o, Keys = (ulong)k, Values = (ulong)v, Count = (uint)count,
            };
            int errno = BpfSyscall.TryInvoke(command, ref attr, out _);
            return ((int)attr.Count, errno);
        }
    }

    int CountBatch(ReadOnlySpan<byte> keys, ReadOnlySpan<byte> values)
    {
        if (KeySize == 0 || keys.Length % KeySize != 0)
            throw new ArgumentException($"the keys must be a whole number of {KeySize}-byte keys; {keys.Length} bytes is not", nameof(keys));
        int count = keys.Length / KeySize;
        if (!values.IsEmpty && values.Length != count * ValueBufferSize)
            throw new ArgumentException($"{count} keys need {count * ValueBufferSize} bytes of values, not {values.Length}", nameof(values));
        return count;
    }

    // ---- Memory mapping (kernel 5.5).

    /// <summary>Maps the values of this <see cref="MapFlags.Mmapable"/> array into the process (mmap, kernel 5.5); programs and
    /// user space then share the same memory. Dispose the result to unmap it.</summary>
    /// <exception cref="InvalidOperationException">The map is not an array created with <see cref="MapFlags.Mmapable"/>.</exception>
    /// <example><code>using var memory = map.MemoryMap(); memory.Span[0] = 1;</code></example>
    public MappedMemory MemoryMap()
    {
        if (Type != MapType.Array || !Flags.HasFlag(MapFlags.Mmapable))
            throw new InvalidOperationException($"only array maps created with MapFlags.Mmapable can be memory-mapped; this is a {Type} map with flags {Flags}");
        return MappedMemory.Map(Handle, checked(((ValueSize + 7) & ~7) * MaxEntries));
    }

    // ---- Helpers.

    /// <summary>One BPF_MAP_*_ELEM call. <paramref name="buffer"/> is the value, or the next key, which the kernel
    /// reads or writes depending on the command; an empty span is passed as NULL, as keyless maps want.
    /// False when the element is absent (ENOENT), except for updates, where BPF_EXIST makes that an error.</summary>
    unsafe bool Element(BpfCommand command, ReadOnlySpan<byte> key, ReadOnlySpan<byte> buffer, ulong flags = 0)
    {
        using var fd = Handle.Borrow();
        fixed (byte* k = key)
        fixed (byte* b = buffer)
        {
            var attr = new MapElementAttr { MapFd = fd.U32, Key = key.IsEmpty ? 0 : (ulong)k, Value = buffer.IsEmpty ? 0 : (ulong)b, Flags = flags };
            int errno = BpfSyscall.TryInvoke(command, ref attr, out _);
            if (errno == 0) return true;
            if (errno == Errno.ENOENT && command != BpfCommand.MapUpdateElement) return false;
            throw BpfException.From(command, errno, $"map '{Name}' ({Type})");
        }
    }

    void CheckKey(ReadOnlySpan<byte> key, [CallerArgumentExpression(nameof(key))] string? parameter = null)
    {
        if (key.Length != KeySize) throw new ArgumentException($"the key must be {KeySize} bytes, not {key.Length}", parameter);
    }

    void CheckValue(int length, [CallerArgumentExpression(nameof(length))] string? parameter = null)
    {
        if (length != ValueBufferSize)
            throw new ArgumentException(Type.IsPerCpu()
                ? $"a per-CPU value buffer must be {ValueBufferSize} bytes ({PossibleCpus.Count} CPUs × {ValueStride}), not {length}"
                : $"the value must be {ValueBufferSize} bytes, not {length}", parameter);
    }
}

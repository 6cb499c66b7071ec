using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Kernel;

public sealed class MapTests
{
    static byte[] Key(int k) => BitConverter.GetBytes(k);
    static byte[] Value(long v) => BitConverter.GetBytes(v);

    static BpfException ErrorOf(Action action) => Assert.Throws<BpfException>(action);

    [Fact]
    public void A_hash_map_stores_finds_and_removes_elements()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Hash, 4, 8, 16, name: "h");
        Assert.Null(map.Lookup(Key(1)));
        map.Update(Key(1), Value(10));
        Assert.Equal(Value(10), map.Lookup(Key(1)));
        Assert.True(map.Delete(Key(1)));
        Assert.False(map.Delete(Key(1)));
        Assert.Null(map.Lookup(Key(1)));
    }

    [Fact]
    public void Hash_update_flags_create_overwrite_or_refuse()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Hash, 4, 8, 2);
        map.Update(Key(1), Value(1), MapUpdateFlags.NoExist);
        var exists = ErrorOf(() => map.Update(Key(1), Value(2), MapUpdateFlags.NoExist));
        Assert.Equal((Errno.EEXIST, "EEXIST", "BPF_MAP_UPDATE_ELEM"), (exists.Errno, exists.ErrnoName, exists.CommandName));
        Assert.Contains("BPF_NOEXIST", exists.Message);

        map.Update(Key(1), Value(3), MapUpdateFlags.Exist);
        Assert.Equal(Value(3), map.Lookup(Key(1)));
        var missing = ErrorOf(() => map.Update(Key(2), Value(4), MapUpdateFlags.Exist));
        Assert.Equal("ENOENT", missing.ErrnoName);
        Assert.Contains("BPF_EXIST", missing.Message);

        map.Update(Key(2), Value(5), MapUpdateFlags.Any);
        map.Update(Key(2), Value(6), MapUpdateFlags.Any);
        var full = ErrorOf(() => map.Update(Key(3), Value(7)));
        Assert.Equal("E2BIG", full.ErrnoName);
        Assert.Contains("full", full.Message);
    }

    [Fact]
    public void Array_elements_always_exist_and_cannot_be_removed()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Array, 4, 8, 4);
        Assert.Equal(Value(0), map.Lookup(Key(3)));
        Assert.Null(map.Lookup(Key(4)));
        map.Update(Key(3), Value(9), MapUpdateFlags.Exist);
        Assert.Equal(Value(9), map.Lookup(Key(3)));
        Assert.Equal("EEXIST", ErrorOf(() => map.Update(Key(0), Value(1), MapUpdateFlags.NoExist)).ErrnoName);
        Assert.Equal("E2BIG", ErrorOf(() => map.Update(Key(4), Value(1))).ErrnoName);
        Assert.Equal("EINVAL", ErrorOf(() => map.Delete(Key(0))).ErrnoName);
    }

    [Fact]
    public void Keys_walk_every_element_once()
    {
        KernelRequirement.Require();
        using var hash = BpfMap.Create(MapType.Hash, 4, 8, 64);
        foreach (var k in new[] { 5, 9, 33, 1 }) hash.Update(Key(k), Value(k));
        Assert.Equal([1, 5, 9, 33], hash.Keys().Select(k => BitConverter.ToInt32(k)).Order());
        using var array = BpfMap.Create(MapType.Array, 4, 8, 3);
        Assert.Equal([0, 1, 2], array.Keys().Select(k => BitConverter.ToInt32(k)));
        using var empty = BpfMap.Create(MapType.Hash, 4, 8, 4);
        Assert.Empty(empty.Keys());
    }

    [Fact]
    public void Per_cpu_values_hold_one_slot_per_possible_cpu_rounded_to_8_bytes()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.PerCpuArray, 4, 4, 2);
        Assert.Equal(8, map.ValueStride);
        Assert.Equal(8 * PossibleCpus.Count, map.ValueBufferSize);
        var values = new byte[map.ValueBufferSize];
        for (int cpu = 0; cpu < PossibleCpus.Count; cpu++) BitConverter.TryWriteBytes(values.AsSpan(cpu * 8), 100 + cpu);
        map.Update(Key(1), values);
        Assert.Equal(values, map.Lookup(Key(1)));
        Assert.Throws<ArgumentException>(() => map.Update(Key(1), new byte[4]));
    }

    [Fact]
    public void Typed_per_cpu_hash_maps_read_and_write_every_cpu()
    {
        KernelRequirement.Require();
        using var map = BpfMap<int, long>.Create(MapType.PerCpuHash, 8);
        long[] values = [.. Enumerable.Range(0, PossibleCpus.Count).Select(cpu => 10L * (cpu + 1))];
        map.SetPerCpu(7, values, MapUpdateFlags.NoExist);
        Assert.Equal(values, map.GetPerCpu(7));
        Assert.Null(map.GetPerCpu(8));
        Assert.Throws<InvalidOperationException>(() => map[7]);
        Assert.True(map.Remove(7));
    }

    [Fact]
    public void Typed_maps_read_like_dictionaries()
    {
        KernelRequirement.Require();
        using var map = BpfMap<uint, ulong>.Create(MapType.Hash, 16, name: "typed");
        map[3] = 30;
        map.Update(4, 40, MapUpdateFlags.NoExist);
        Assert.Equal(30UL, map[3]);
        Assert.True(map.TryGetValue(4, out var four));
        Assert.Equal(40UL, four);
        Assert.False(map.TryGetValue(5, out _));
        Assert.Throws<KeyNotFoundException>(() => map[5]);
        Assert.Equal([3u, 4u], map.Keys.Order());
        Assert.Throws<ArgumentException>(() => new BpfMap<ulong, ulong>(map.Map));
    }

    [Fact]
    public void Batches_update_read_and_delete_many_hash_elements()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Hash, 4, 8, 128);
        var keys = Enumerable.Range(0, 100).SelectMany(Key).ToArray();
        var values = Enumerable.Range(0, 100).SelectMany(k => Value(k * 3L)).ToArray();
        Assert.Throws<ArgumentException>(() => map.UpdateBatch(keys, values, MapUpdateFlags.NoExist));
        Assert.Equal(100, map.UpdateBatch(keys, values));

        var read = map.LookupBatch(chunkSize: 16).ToDictionary(e => BitConverter.ToInt32(e.Key), e => BitConverter.ToInt64(e.Value));
        Assert.Equal(100, read.Count);
        Assert.All(read, e => Assert.Equal(e.Key * 3L, e.Value));

        Assert.Equal(50, map.DeleteBatch(keys.AsSpan(0, 50 * 4)));
        var drained = map.LookupBatch(chunkSize: 7, delete: true).Select(e => BitConverter.ToInt32(e.Key)).Order().ToArray();
        Assert.Equal(Enumerable.Range(50, 50), drained);
        Assert.Empty(map.Keys());
    }

    [Fact]
    public void Batches_read_arrays_and_per_cpu_maps()
    {
        KernelRequirement.Require();
        using var array = BpfMap.Create(MapType.Array, 4, 8, 10);
        Assert.Equal(10, array.UpdateBatch(Enumerable.Range(0, 10).SelectMany(Key).ToArray(), Enumerable.Range(0, 10).SelectMany(k => Value(k)).ToArray()));
        Assert.Equal(Enumerable.Range(0, 10).Select(k => (long)k), array.LookupBatch(4).Select(e => BitConverter.ToInt64(e.Value)));

        using var perCpu = BpfMap.Create(MapType.PerCpuHash, 4, 8, 8);
        perCpu.Update(Key(1), new byte[perCpu.ValueBufferSize]);
        var entry = Assert.Single(perCpu.LookupBatch());
        Assert.Equal(perCpu.ValueBufferSize, entry.Value.Length);
    }

    [Fact]
    public void Queues_pop_in_order_through_lookup_and_delete()
    {
        KernelRequirement.Require();
        using var queue = BpfMap.Create(MapType.Queue, 0, 4, 4);
        queue.Update([], BitConverter.GetBytes(1));
        queue.Update([], BitConverter.GetBytes(2));
        var value = new byte[4];
        Assert.True(queue.TryLookupAndDelete([], value));
        Assert.Equal(1, BitConverter.ToInt32(value));
        Assert.True(queue.TryLookupAndDelete([], value));
        Assert.Equal(2, BitConverter.ToInt32(value));
        Assert.False(queue.TryLookupAndDelete([], value));
    }

    [Fact]
    public void Map_info_reports_the_definition()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(new MapDefinition(MapType.Hash, 4, 16, 32) { Flags = MapFlags.NoPrealloc, Name = "info_me" });
        var info = map.Info;
        Assert.Equal(new MapInfo(MapType.Hash, info.Id, 4, 16, 32, MapFlags.NoPrealloc, "info_me"), info);
        Assert.Contains(info.Id, BpfMap.EnumerateIds());
        using var reopened = BpfMap.OpenById(info.Id);
        Assert.Equal((MapType.Hash, 4, 16, 32, "info_me"), (reopened.Type, reopened.KeySize, reopened.ValueSize, reopened.MaxEntries, reopened.Name));
    }

    [Fact]
    public void Frozen_maps_are_read_only_for_user_space()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Array, 4, 8, 1);
        map.Update(Key(0), Value(5));
        map.Freeze();
        Assert.Equal(Value(5), map.Lookup(Key(0)));
        Assert.Equal("EPERM", ErrorOf(() => map.Update(Key(0), Value(6))).ErrnoName);
    }

    [Fact]
    public void Bad_definitions_are_explained()
    {
        KernelRequirement.Require();
        var e = ErrorOf(() => BpfMap.Create(MapType.Hash, 4, 8, 4, MapFlags.Mmapable));
        Assert.Equal(("BPF_MAP_CREATE", "EINVAL"), (e.CommandName, e.ErrnoName));
        Assert.Contains("BPF_F_MMAPABLE", e.Message);
        Assert.Throws<ArgumentException>(() => BpfMap.Create(MapType.Hash, 4, 8, 4, name: "no spaces allowed"));
        Assert.Throws<ArgumentException>(() => BpfMap.Create(MapType.Hash, 4, 8, 4, name: "a_name_that_is_too_long"));
    }

    [Fact]
    public void Wrong_key_and_value_sizes_are_caught_before_the_syscall()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Hash, 4, 8, 4);
        Assert.Throws<ArgumentException>(() => map.Update(new byte[3], Value(1)));
        Assert.Throws<ArgumentException>(() => map.Update(Key(1), new byte[4]));
        Assert.Throws<ArgumentException>(() => map.UpdateBatch(new byte[8], new byte[8]));
    }
}

using System.Buffers.Binary;
using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Kernel;

public sealed class MappedArrayTests
{
    static BpfMap Globals() => BpfMap.Create(new MapDefinition(MapType.Array, 4, 16, 1) { Flags = MapFlags.Mmapable, Name = "globals" });

    [Fact]
    public void A_running_program_and_user_space_share_the_mapped_values()
    {
        KernelRequirement.Require();
        using var globals = Globals();
        using var memory = globals.MemoryMap();
        using var program = BpfProgram.Load(ProgramType.SocketFilter, TestPrograms.IncrementAndReturnSecondWord(), [new MapRelocation(0, 0)], [globals]);

        // User space writes, the program reads: the second word comes back as the return value.
        BinaryPrimitives.WriteUInt64LittleEndian(memory.Span[8..], 77);
        var result = program.TestRun(new TestRunOptions { Data = TestPrograms.Packet(), Repeat = 5 });
        Assert.Equal(77u, result.ReturnValue);

        // The program writes (atomically), user space reads: five runs, five increments, without a syscall.
        Assert.Equal(5UL, BinaryPrimitives.ReadUInt64LittleEndian(memory.Span));
        // The syscall path sees the same memory.
        Assert.Equal(5UL, BinaryPrimitives.ReadUInt64LittleEndian(globals.Lookup(new byte[4])));
    }

    [Fact]
    public void The_mapping_is_a_memory_of_the_whole_array()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Array, 4, 12, 3, MapFlags.Mmapable);
        using var memory = map.MemoryMap();
        Assert.Equal(3 * 16, memory.Length);          // values are 8-byte aligned in the mapping
        Memory<byte> m = memory.Memory;
        m.Span[16] = 0xab;                              // element 1, byte 0
        Assert.Equal(0xab, map.Lookup(BitConverter.GetBytes(1))![0]);
    }

    [Fact]
    public void The_mapping_outlives_the_map_handle_until_it_is_disposed()
    {
        KernelRequirement.Require();
        var map = Globals();
        var memory = map.MemoryMap();
        map.Dispose();
        memory.Span[0] = 1;
        Assert.Equal(1, memory.Span[0]);
        ((IDisposable)memory).Dispose();
        Assert.Throws<ObjectDisposedException>(() => memory.Span[0]);
    }

    [Fact]
    public void Only_mmapable_arrays_can_be_mapped()
    {
        KernelRequirement.Require();
        using var plain = BpfMap.Create(MapType.Array, 4, 8, 1);
        Assert.Throws<InvalidOperationException>(() => plain.MemoryMap());
    }
}

using Xunit;
using EbpfCat.Interpreter;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;
using static EbpfCat.Properties.Interpreter.Asm;

namespace EbpfCat.Properties.Interpreter;

/// <summary>The map helpers on every map kind, direct value access, and the maps' user-space side.</summary>
public class MapTests
{
    const ulong ENOENT = unchecked((ulong)-2L), E2BIG = unchecked((ulong)-7L), EEXIST = unchecked((ulong)-17L), EINVAL = unchecked((ulong)-22L);

    /// <summary>Key (u32 or u64 per <paramref name="keySize"/>) at [r10-8], value at [r10-16]; r1 = map, r2 = &amp;key.</summary>
    static Instruction[] Prologue(InterpreterMap map, long key, long value) =>
    [
        Set(R6, key),
        map.KeySize == 4 ? Instruction.Store(AccessSize.Word, R10, -8, R6) : Instruction.Store(AccessSize.DoubleWord, R10, -8, R6),
        Set(R7, value),
        Instruction.Store(AccessSize.DoubleWord, R10, -16, R7),
        Instruction.LoadMapFd(R1, map.Fd),
        AluOperation.Mov.Reg(R2, R10),
        AluOperation.Add.Imm(R2, -8),
    ];

    static ulong Update(InterpreterMap map, long key, long value, InterpreterUpdateFlags flags = InterpreterUpdateFlags.Any, int cpu = 0)
        => new BpfInterpreter(
        [
            .. Prologue(map, key, value),
            AluOperation.Mov.Reg(R3, R10),
            AluOperation.Add.Imm(R3, -16),
            AluOperation.Mov.Imm(R4, (int)flags),
            Instruction.Call(2),
            Instruction.Exit(),
        ], new InterpreterOptions { Maps = [map] }).Run(cpu: cpu).ReturnValue;

    /// <summary>The value under the key as the program sees it, or ulong.MaxValue when the lookup returns NULL.</summary>
    static ulong Lookup(InterpreterMap map, long key, int cpu = 0)
        => new BpfInterpreter(
        [
            .. Prologue(map, key, 0),
            Instruction.Call(1),
            JumpOperation.JEQ.Imm(R0, 0, 2),
            Instruction.Load(AccessSize.DoubleWord, R0, R0, 0),
            Instruction.Exit(),
            AluOperation.Mov.Imm(R0, -1),
            Instruction.Exit(),
        ], new InterpreterOptions { Maps = [map] }).Run(cpu: cpu).ReturnValue;

    static ulong Delete(InterpreterMap map, long key)
        => new BpfInterpreter([.. Prologue(map, key, 0), Instruction.Call(3), Instruction.Exit()], new InterpreterOptions { Maps = [map] }).Run().ReturnValue;

    [Fact]
    public void Array_elements_all_exist_and_updates_follow_the_kernels_rules()
    {
        var map = new InterpreterArrayMap("array", valueSize: 8, maxEntries: 4);
        Assert.Equal(0UL, Lookup(map, 3));
        Assert.Equal(ulong.MaxValue, Lookup(map, 4));               // past the end: NULL
        Assert.Equal(0UL, Update(map, 2, 42));
        Assert.Equal(42UL, Lookup(map, 2));
        Assert.Equal(42L, map.Lookup<uint, long>(2));
        Assert.Equal(E2BIG, Update(map, 4, 1));
        Assert.Equal(EEXIST, Update(map, 1, 1, InterpreterUpdateFlags.NoExist));
        Assert.Equal(0UL, Update(map, 1, 1, InterpreterUpdateFlags.Exist));
        Assert.Equal(EINVAL, Update(map, 1, 1, (InterpreterUpdateFlags)4));
        Assert.Equal(EINVAL, Delete(map, 1));
        Assert.Equal(4, map.Count);
    }

    [Fact]
    public void Hash_elements_come_and_go_and_the_map_fills_up()
    {
        var map = new InterpreterHashMap("hash", keySize: 8, valueSize: 8, maxEntries: 2);
        Assert.Equal(ulong.MaxValue, Lookup(map, 10));
        Assert.Equal(ENOENT, Update(map, 10, 1, InterpreterUpdateFlags.Exist));
        Assert.Equal(0UL, Update(map, 10, 100, InterpreterUpdateFlags.NoExist));
        Assert.Equal(EEXIST, Update(map, 10, 1, InterpreterUpdateFlags.NoExist));
        Assert.Equal(0UL, Update(map, 10, 101, InterpreterUpdateFlags.Exist));
        Assert.Equal(101UL, Lookup(map, 10));
        Assert.Equal(0UL, Update(map, 20, 200));
        Assert.Equal(E2BIG, Update(map, 30, 300));
        Assert.Equal(0UL, Update(map, 20, 201));                     // replacing needs no room
        Assert.Equal(0UL, Delete(map, 10));
        Assert.Equal(ENOENT, Delete(map, 10));
        Assert.Equal(0UL, Update(map, 30, 300));                     // the freed slot is reused
        Assert.Equal(2, map.Count);
        Assert.Equal([20L, 30L], map.Keys().Select(k => BitConverter.ToInt64(k)).Order());
        Assert.Equal(300L, map.Lookup<long, long>(30));
        Assert.Null(map.Lookup<long, long>(10));
    }

    [Fact]
    public void A_lookup_returns_a_pointer_the_program_can_write_through()
    {
        var map = new InterpreterHashMap("counts", keySize: 4, valueSize: 8, maxEntries: 8);
        map.Update(7u, 40L);
        var interpreter = new BpfInterpreter(
        [
            .. Prologue(map, 7, 0),
            Instruction.Call(1),
            JumpOperation.JEQ.Imm(R0, 0, 2),
            AluOperation.Mov.Imm(R1, 2),
            Instruction.Atomic(AtomicOperation.Add, AccessSize.DoubleWord, R0, R1, 0),
            Instruction.Exit(),
        ], new InterpreterOptions { Maps = [map] });
        interpreter.Run();
        Assert.Equal(42L, map.Lookup<uint, long>(7));
    }

    [Fact]
    public void Per_cpu_arrays_keep_one_value_per_cpu()
    {
        var map = new InterpreterPerCpuArrayMap("percpu", valueSize: 8, maxEntries: 2, cpuCount: 3);
        Assert.Equal(0UL, Update(map, 1, 11, cpu: 1));
        Assert.Equal(0UL, Update(map, 1, 22, cpu: 2));
        Assert.Equal(11UL, Lookup(map, 1, cpu: 1));
        Assert.Equal(0UL, Lookup(map, 1, cpu: 0));
        Assert.Equal([0L, 11L, 22L], map.LookupPerCpu<uint, long>(1)!);
        Assert.Equal(3 * 8, map.Lookup(BitConverter.GetBytes(1u))!.Length);
        map.Update(0u, 5L);                                           // one value from user space: every CPU
        Assert.Equal([5L, 5L, 5L], map.LookupPerCpu<uint, long>(0)!);
    }

    [Fact]
    public void A_per_cpu_hash_element_created_by_a_program_is_zero_on_the_other_cpus()
    {
        var map = new InterpreterPerCpuHashMap("percpu-hash", keySize: 4, valueSize: 4, maxEntries: 4, cpuCount: 2);
        map.Update(BitConverter.GetBytes(9u), [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);  // kernel layout: 8-byte padded values
        Assert.Equal([1, 2], map.LookupPerCpu<uint, int>(9)!);
        Assert.Equal(0UL, Update(map, 3, 77, cpu: 1));
        Assert.Equal([0, 77], map.LookupPerCpu<uint, int>(3)!);
        Assert.Equal(0UL, Delete(map, 3));
        Assert.Null(map.LookupPerCpu<uint, int>(3)!);
    }

    [Fact]
    public void A_run_on_a_cpu_the_per_cpu_maps_do_not_have_is_refused()
    {
        var map = new InterpreterPerCpuArrayMap("percpu", valueSize: 8, maxEntries: 1, cpuCount: 2);
        var interpreter = new BpfInterpreter([Instruction.Exit()], new InterpreterOptions { Maps = [map] });
        Assert.Throws<ArgumentOutOfRangeException>(() => interpreter.Run(cpu: 2));
    }

    [Fact]
    public void Direct_value_access_reads_and_writes_an_arrays_first_value()
    {
        var globals = new InterpreterArrayMap("globals", valueSize: 16, maxEntries: 1);
        globals.Update(BitConverter.GetBytes(0u), [.. BitConverter.GetBytes(5L), .. BitConverter.GetBytes(0L)]);
        var other = new InterpreterArrayMap("other", valueSize: 8, maxEntries: 1);
        var interpreter = new BpfInterpreter(
        [
            Instruction.LoadMapValue(R1, globals.Fd, 0),
            Instruction.Load(AccessSize.DoubleWord, R0, R1, 0),
            Instruction.LoadPseudo(R2, PseudoSource.MapIndexValue, 0, 8),   // map index 0 (globals), offset 8
            Instruction.Store(AccessSize.DoubleWord, R2, 0, R0),
            Instruction.LoadPseudo(R1, PseudoSource.MapIndex, 1),
            Instruction.Exit(),
        ], new InterpreterOptions { Maps = [globals, other] });
        Assert.Equal(5UL, interpreter.Run().ReturnValue);
        Assert.Equal(5L, BitConverter.ToInt64(globals.Lookup(BitConverter.GetBytes(0u))!, 8));
    }

    public static TheoryData<string, Func<InterpreterMap, Instruction>, string> BadReferences => new()
    {
        { "unknown fd", _ => Instruction.LoadMapFd(R1, -5), "no map has fd -5" },
        { "index past the maps", _ => Instruction.LoadPseudo(R1, PseudoSource.MapIndex, 3), "map index 3" },
        { "value offset past the value", m => Instruction.LoadMapValue(R1, m.Fd, 8), "offset 8" },
    };

    [Theory]
    [MemberData(nameof(BadReferences))]
    public void Map_references_are_checked_before_running(string name, Func<InterpreterMap, Instruction> reference, string message)
    {
        var map = new InterpreterArrayMap("one", valueSize: 8, maxEntries: 1);
        var e = Assert.Throws<InterpreterException>(() => new BpfInterpreter([AluOperation.Mov.Imm(R0, 0), reference(map), Instruction.Exit()], new InterpreterOptions { Maps = [map] }));
        Assert.Equal(InterpreterFault.InvalidProgram, e.Fault);
        Assert.Equal(1, e.InstructionIndex);
        Assert.True(e.Message.Contains(message), $"{name}: {e.Message}");
    }

    [Fact]
    public void A_map_handle_cannot_be_dereferenced_and_a_number_is_not_a_map()
    {
        var map = new InterpreterArrayMap("one", valueSize: 8, maxEntries: 1);
        var options = new InterpreterOptions { Maps = [map] };
        var e = Fault([Instruction.LoadMapFd(R1, map.Fd), Instruction.Load(AccessSize.Byte, R0, R1, 0), Instruction.Exit()], options: options);
        Assert.Contains("map handle", e.Message);
        e = Fault([AluOperation.Mov.Imm(R1, 3), Instruction.Call(1), Instruction.Exit()], options: options);
        Assert.Equal(InterpreterFault.BadHelperArgument, e.Fault);
    }

    [Fact]
    public void User_space_updates_report_the_kernels_errno()
    {
        var hash = new InterpreterHashMap("h", keySize: 4, valueSize: 4, maxEntries: 1);
        hash.Update(1u, 10);
        Assert.Equal(17, Assert.Throws<InterpreterMapException>(() => hash.Update(1u, 11, InterpreterUpdateFlags.NoExist)).Errno);
        Assert.Equal(2, Assert.Throws<InterpreterMapException>(() => hash.Update(2u, 11, InterpreterUpdateFlags.Exist)).Errno);
        Assert.Equal(7, Assert.Throws<InterpreterMapException>(() => hash.Update(2u, 11)).Errno);
        Assert.True(hash.Delete(1u));
        Assert.False(hash.Delete(1u));
        var array = new InterpreterArrayMap("a", valueSize: 4, maxEntries: 1);
        Assert.Equal(22, Assert.Throws<InterpreterMapException>(() => array.Delete(0u)).Errno);
        Assert.Throws<ArgumentException>(() => array.Update(0u, 1L));  // 8-byte value into a 4-byte map
    }
}

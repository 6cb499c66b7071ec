using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Builder;

/// <summary>The seed's examples, written in C#, run in the kernel; user space reads them through the same fields.</summary>
public sealed class SeedExampleTests
{
    [Fact]
    public void Count_reads_its_hash_map_variable_from_user_space_after_each_run()
    {
        KernelRequirement.Require();
        using var program = new Count();
        program.Load();
        Assert.Equal(0ul, program.count.Value); // never written: the kernel has no entry yet
        program.TestRun(new byte[64], repeat: 7);
        Assert.Equal(7ul, program.count.Value);
        program.TestRun(new byte[64], repeat: 3);
        Assert.Equal(10ul, program.count.Value);
        program.count.Value = 100;
        program.TestRun(new byte[64]);
        Assert.Equal(101ul, program.count.Value);
        Assert.Equal("101", program.count.ToString());
    }

    [Theory]
    [InlineData(0.0, 3.5, 3, 0.6, 0.0)]    // the seed's own numbers
    [InlineData(-3.5, -3.5, -3, -0.6, -1.0)] // negative values truncate toward zero, floor toward −∞
    [InlineData(12.75, 12.75, 12, 2.4, 2.0)]
    public void The_fixed_point_example_keeps_decimals_truncates_and_floors(double input, double fixedVar, int normal, double divided, double floored)
    {
        KernelRequirement.Require();
        using var program = new FixedPoint();
        program.Load();
        program.input.Value = input;
        program.TestRun(new byte[64]);
        Assert.Equal(fixedVar, program.fixed_var.Value);
        Assert.Equal(normal, program.normal_var.Value);
        Assert.Equal(divided, program.divided.Value);
        Assert.Equal(floored, program.floored.Value);
    }

    [Fact]
    public void The_array_map_example_shares_memory_with_user_space()
    {
        KernelRequirement.Require();
        using var program = new ArrayMapExample();
        program.Load();
        program.an_integer_variable.Value = 37;
        program.TestRun(new byte[64]);
        Assert.Equal((byte)200, program.a_byte_variable.Value);
        Assert.Equal(37, program.seen.Value);
        Assert.Equal(42, program.an_integer_variable.Value);
        program.an_integer_variable += 8; // atomic, from user space
        Assert.Equal(50, program.an_integer_variable.Value);
    }

    [Fact]
    public void A_per_cpu_counter_shows_each_cpus_count_and_their_sum()
    {
        KernelRequirement.Require();
        using var program = new PerCpuCount();
        program.Load();
        program.TestRun(new byte[64], repeat: 9);
        Assert.Equal(9ul, program.packets.Sum);
        Assert.Equal(9ul, program.packets.PerCpu.Aggregate(0ul, (a, b) => a + b));
        Assert.Contains(9ul, program.packets.PerCpu); // one test run stays on one CPU
    }

    [Fact]
    public void IpCount_tells_ipv4_from_other_frames_in_network_byte_order()
    {
        KernelRequirement.Require();
        using var program = new IpCount();
        program.Load();
        var ipv4 = new byte[64];
        ipv4[12] = 0x08;
        var arp = new byte[64];
        arp[12] = 0x08; arp[13] = 0x06;
        program.TestRun(ipv4, repeat: 4);
        program.TestRun(arp, repeat: 2);
        Assert.Equal((4ul, 2ul), (program.ipv4.Value, program.other.Value));
    }

    [Fact]
    public void Count_with_a_hash_map_compiles_to_no_more_slots_than_clang()
    {
        // clang-19 -O2 with a map lookup instead of a global: 12 slots (DESIGN.md)
        var compiled = new Count().Compile();
        Assert.True(compiled.SlotCount <= 12, $"{compiled.SlotCount} slots:\n{EbpfCat.Isa.Disassembler.Disassemble(compiled.Instructions)}");
    }

    [Fact]
    public void IpCount_in_csharp_compiles_to_no_more_slots_than_clang()
    {
        var compiled = new IpCount().Compile();
        Assert.True(compiled.SlotCount <= 15, $"{compiled.SlotCount} slots:\n{EbpfCat.Isa.Disassembler.Disassemble(compiled.Instructions)}");
    }
}

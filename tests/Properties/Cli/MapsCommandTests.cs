using System.Text.Json;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;
using static EbpfCat.Properties.Cli.CliRunner;

namespace EbpfCat.Properties.Cli;

/// <summary><c>ebpfcat maps</c> lists the kernel's maps; <c>ebpfcat maps dump ID|PIN</c> prints a map's elements as hex.</summary>
public sealed class MapsCommandTests
{
    static byte[] U32(uint v) => BitConverter.GetBytes(v);

    static byte[] U64(ulong v) => BitConverter.GetBytes(v);

    [Fact]
    public void Maps_lists_a_map_the_test_created_with_its_type_sizes_and_name()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Hash, 4, 8, 17, MapFlags.NoPrealloc, "cli_listed");
        var id = map.Info.Id;
        var json = Run("maps", "--json");
        Assert.Equal((0, ""), (json.ExitCode, json.Error));
        using var doc = JsonDocument.Parse(json.Output);
        var row = Assert.Single(doc.RootElement.EnumerateArray(), m => m.GetProperty("id").GetUInt32() == id);
        Assert.Equal(("hash", 4, 8, 17, "no-prealloc", "cli_listed"),
            (row.GetProperty("type").GetString(), row.GetProperty("key_size").GetInt32(), row.GetProperty("value_size").GetInt32(),
             row.GetProperty("max_entries").GetInt32(), row.GetProperty("flags").GetString(), row.GetProperty("name").GetString()));

        var table = Run("maps");
        Assert.Equal(0, table.ExitCode);
        Assert.Matches($@"\| +{id} \| hash +\| +4 \| +8 \| +17 \| no-prealloc \| cli_listed \|", table.Output);
        Assert.StartsWith("+-", table.Output);   // ASCII lines when the output is not a terminal
    }

    [Fact]
    public void Dump_by_id_and_by_pin_prints_the_values_the_test_wrote()
    {
        KernelRequirement.Require();
        using var bpffs = TemporaryBpfFs.Mount();
        using var map = BpfMap.Create(MapType.Hash, 4, 8, 8, name: "cli_dump");
        map.Update(U32(1), U64(0x1122334455667788));
        map.Update(U32(0x0a0b0c0d), U64(42));
        var pin = Path.Combine(bpffs.Path, "dumped");
        map.Pin(pin);

        foreach (var reference in new[] { map.Info.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), pin })
        {
            var dump = Run("maps", "dump", reference);
            Assert.Equal((0, ""), (dump.ExitCode, dump.Error));
            var lines = dump.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Order(StringComparer.Ordinal);
            Assert.Equal(["01000000 -> 8877665544332211", "0d0c0b0a -> 2a00000000000000"], lines);
        }

        var json = Run("maps", "dump", pin, "--json");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Output);
        var entry = Assert.Single(doc.RootElement.EnumerateArray(), e => e.GetProperty("key").GetString() == "0d0c0b0a");
        Assert.Equal("2a00000000000000", entry.GetProperty("value").GetString());
        Assert.Equal(42UL, entry.GetProperty("number").GetUInt64());
    }

    [Fact]
    public void Dump_of_a_per_cpu_map_shows_every_cpus_value()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.PerCpuArray, 4, 4, 1, name: "cli_percpu");
        var value = new byte[map.ValueBufferSize];
        for (int cpu = 0; cpu < PossibleCpus.Count; cpu++) value[cpu * map.ValueStride] = (byte)(cpu + 1);
        map.Update(U32(0), value);
        var json = Run("maps", "dump", map.Info.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal((0, ""), (json.ExitCode, json.Error));
        using var doc = JsonDocument.Parse(json.Output);
        var entry = Assert.Single(doc.RootElement.EnumerateArray());
        var perCpu = entry.GetProperty("per_cpu").EnumerateArray().Select(v => v.GetString()).ToArray();
        Assert.Equal(Enumerable.Range(1, PossibleCpus.Count).Select(c => $"{c:x2}000000").ToArray(), perCpu);
        Assert.Equal((ulong)Enumerable.Range(1, PossibleCpus.Count).Sum(), entry.GetProperty("number").GetUInt64());
    }

    [Fact]
    public void Dump_of_an_unknown_pin_an_unknown_id_or_a_program_pin_fails_with_one_line()
    {
        KernelRequirement.Require();
        using var bpffs = TemporaryBpfFs.Mount();
        var missing = Path.Combine(bpffs.Path, "nothing");
        var result = Run("maps", "dump", missing);
        Assert.Equal((1, ""), (result.ExitCode, result.Output));
        CliAssert.OneLineError($"ebpfcat maps dump: {missing}: nothing is pinned there", result.Error);

        result = Run("maps", "dump", "4000000000");
        Assert.Equal(1, result.ExitCode);
        CliAssert.OneLineError("ebpfcat maps dump: no map has id 4000000000", result.Error);

        var programPin = Path.Combine(bpffs.Path, "prog");
        Assert.Equal(0, Run("load", LoadCommandTests.Binary("r0 = 0x2\nexit"), "--pin", programPin).ExitCode);
        result = Run("maps", "dump", programPin);
        Assert.Equal(1, result.ExitCode);
        CliAssert.OneLineError($"ebpfcat maps dump: {programPin}: the pinned object is a program, not a map", result.Error);
    }

    [Theory]
    [InlineData("maps", "dump")]
    [InlineData("maps", "dump", "1", "2")]
    [InlineData("maps", "--no-such-option")]
    public void A_wrong_command_line_is_a_usage_error(params string[] args)
    {
        var result = Run(args);
        Assert.Equal((2, ""), (result.ExitCode, result.Output));
        Assert.Contains("Try 'ebpfcat maps", result.Error);
    }
}

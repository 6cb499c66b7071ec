using System.Text.Json;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;
using static EbpfCat.Properties.Cli.CliRunner;

namespace EbpfCat.Properties.Cli;

/// <summary><c>ebpfcat watch ID|PIN</c>: a map's values read again every interval; <c>--count N</c> ends it after N reads.</summary>
public sealed class WatchCommandTests
{
    [Fact]
    public void Watch_shows_the_values_as_they_change_and_exits_after_count_reads()
    {
        KernelRequirement.Require();
        using var bpffs = TemporaryBpfFs.Mount();
        using var map = BpfMap.Create(MapType.Array, 4, 8, 1, name: "cli_watched");
        var pin = Path.Combine(bpffs.Path, "watched");
        map.Pin(pin);
        using var stop = new CancellationTokenSource();
        // a writer that keeps counting while the tool watches, as a program counting packets would
        var writer = new Thread(() =>
        {
            for (ulong v = 1; !stop.IsCancellationRequested; v++)
            {
                map.Update(new byte[4], BitConverter.GetBytes(v));
                Thread.Sleep(5);
            }
        });
        writer.Start();
        Outcome result;
        try { result = Run("watch", pin, "--interval", "30", "--count", "8", "--json"); }
        finally { stop.Cancel(); writer.Join(); }

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        var reads = result.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l)).ToList();
        Assert.Equal(Enumerable.Range(1, 8), reads.Select(r => r.RootElement.GetProperty("read").GetInt32()));
        var values = reads.Select(r => Assert.Single(r.RootElement.GetProperty("entries").EnumerateArray()).GetProperty("number").GetUInt64()).ToList();
        Assert.Equal(values.Order(), values);             // read anew each time: the count only grows
        Assert.True(values.Distinct().Count() > 1, $"the values never changed: {string.Join(", ", values)}");
        foreach (var r in reads) r.Dispose();
    }

    [Fact]
    public void Watch_draws_a_table_per_read_with_key_value_and_number()
    {
        KernelRequirement.Require();
        using var map = BpfMap.Create(MapType.Hash, 4, 4, 4, name: "cli_table");
        map.Update(BitConverter.GetBytes(7), BitConverter.GetBytes(1234));
        var id = map.Info.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = Run("watch", id, "--interval", "1", "--count", "2");
        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(result.Output, @"\| 07000000 \| d2040000 \| +1234 \|"));
        Assert.Contains($"map {id} cli_table (hash): 1 elements, read 2 of 2", result.Output);
    }

    [Fact]
    public void Watch_of_an_unknown_map_fails_with_one_line()
    {
        KernelRequirement.Require();
        var result = Run("watch", "/sys/fs/bpf/ebpfcat-no-such-pin", "--count", "1");
        Assert.Equal((1, ""), (result.ExitCode, result.Output));
        CliAssert.OneLineError("ebpfcat watch: /sys/fs/bpf/ebpfcat-no-such-pin: ", result.Error);
    }

    [Theory]
    [InlineData("watch", "1", "--count", "0")]
    [InlineData("watch", "1", "--interval", "0")]
    [InlineData("watch", "1", "--interval", "soon")]
    [InlineData("watch")]
    public void A_wrong_command_line_is_a_usage_error(params string[] args)
    {
        var result = Run(args);
        Assert.Equal((2, ""), (result.ExitCode, result.Output));
        Assert.Contains("Try 'ebpfcat watch --help'.", result.Error);
    }
}

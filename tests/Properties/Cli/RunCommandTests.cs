using System.Text.Json;
using EbpfCat.FSharp;
using EbpfCat.Properties.Support;
using Xunit;
using static EbpfCat.Properties.Cli.CliRunner;

namespace EbpfCat.Properties.Cli;

/// <summary><c>ebpfcat run</c>: loads bytecode into the kernel and test-runs it on a packet.</summary>
public sealed class RunCommandTests
{
    static string Binary(string text) => TempFile("prog.bin", Assembler.AssembleBytes(text));

    [Fact]
    public void Run_prints_the_return_value_the_mean_duration_and_the_packet()
    {
        KernelRequirement.Require();
        var result = Run("run", Binary("r0 = 0x2\nexit"), "--packet", "000102030405060708090a0b0c0d", "--repeat", "100");
        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        var lines = result.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("retval 2 (XDP_PASS)", lines[0]);
        Assert.Matches(@"^duration \d+ ns per run \(mean of 100\)$", lines[1]);
        Assert.Equal("data_out 000102030405060708090a0b0c0d", lines[2]);
    }

    [Fact]
    public void Run_with_json_prints_one_object_with_the_output_packet_as_hex()
    {
        KernelRequirement.Require();
        // writes 0xab into the first packet byte and returns XDP_TX
        var program = """
            r2 = *(u32 *)(r1 + 0x4)
            r1 = *(u32 *)(r1 + 0x0)
            r3 = r1
            r3 += 0x1
            r0 = 0x1
            if r3 > r2 goto done
            *(u8 *)(r1 + 0x0) = 0xab
            r0 = 0x3
            done:
            exit
            """;
        var result = Run("run", Binary(program), "--json", "--packet", "00112233445566778899aabbccdd");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(3, json.RootElement.GetProperty("retval").GetInt32());
        Assert.True(json.RootElement.GetProperty("duration_ns").GetInt64() >= 0);
        Assert.Equal("ab112233445566778899aabbccdd", json.RootElement.GetProperty("data_out").GetString());
    }

    [Fact]
    public void A_program_the_verifier_rejects_prints_the_log_and_exits_with_1()
    {
        KernelRequirement.Require();
        var result = Run("run", Binary("r0 = *(u32 *)(r9 + 0x0)\nexit"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the verifier rejected the program at instruction 0", result.Error);
        Assert.Contains("--- verifier log ---", result.Error);
        Assert.Contains("0: (61) r0 = *(u32 *)(r9 +0)", result.Error); // the log itself, as the kernel wrote it
        Assert.Contains("R9 !read_ok", result.Error);
    }

    [Theory]
    [InlineData("--type", "no-such-type", "unknown program type 'no-such-type'")]
    [InlineData("--packet", "xyz", "is not hex bytes")]
    public void Bad_options_are_usage_errors(string option, string value, string message)
    {
        var result = Run("run", Binary("r0 = 0x2\nexit"), option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }
}

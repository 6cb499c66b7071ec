using System.CommandLine;
using System.Text.Json;
using EbpfCat.Loader;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat run FILE</c>: loads raw bytecode or a program of an ELF object into the kernel and runs it once or many times
/// on a packet with BPF_PROG_TEST_RUN.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var program = ProgramFileOptions.WithType();
        var packet = new Option<byte[]>("--packet")
        {
            Description = "The packet as hex bytes (default: 64 zero bytes; XDP needs at least 14).",
            CustomParser = r => r.Tokens.Count == 0 ? new byte[64] : ParseHex(r.Tokens.Single().Value, r),
            DefaultValueFactory = _ => new byte[64],
        };
        var repeat = new Option<int>("--repeat") { Description = "How many times the kernel runs the program; the duration is the mean.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: retval, duration_ns, data_out (hex)." };
        var command = new Command("run", """
            Load a program (raw bytecode or a program of an ELF object, whose maps are created) into the kernel and run it
            on a packet with BPF_PROG_TEST_RUN (needs root or CAP_BPF). Prints the return value, the mean duration per run
            and the packet after the run.

            Example:
              ebpfcat run prog.bin --packet 00112233445566778899aabb0800 --repeat 1000 --json
              ebpfcat run prog.o --section xdp
            """);
        program.AddTo(command);
        command.Options.Add(packet);
        command.Options.Add(repeat);
        command.Options.Add(json);
        command.SetGuardedAction((parsed, output) =>
        {
            if (parsed.GetValue(repeat) < 1) throw new FormatException("--repeat must be at least 1");
            var file = program.Read(parsed);
            using var loaded = file.Load(program.TypeOf(parsed));
            var programType = loaded.Program.Type;
            var result = loaded.Program.TestRun(new TestRunOptions { Data = parsed.GetRequiredValue(packet), Repeat = parsed.GetValue(repeat) });
            var dataOut = Convert.ToHexStringLower(result.Data);
            if (parsed.GetValue(json))
                output.WriteLine(JsonSerializer.Serialize(new RunResult(result.ReturnValue, result.DurationNanoseconds, dataOut), CliJson.Default.RunResult));
            else
            {
                output.WriteLine($"retval {result.ReturnValue}{Meaning(programType, result.ReturnValue)}");
                output.WriteLine($"duration {result.DurationNanoseconds} ns per run (mean of {parsed.GetValue(repeat)})");
                output.WriteLine($"data_out {dataOut}");
            }
            return EbpfCatCli.Ok;
        });
        return command;
    }

    static readonly string[] XdpActions = ["XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"];

    static string Meaning(ProgramType type, uint value) => type == ProgramType.Xdp && value < XdpActions.Length ? $" ({XdpActions[value]})" : "";

    static byte[] ParseHex(string text, System.CommandLine.Parsing.ArgumentResult r)
    {
        var digits = text.Replace(" ", "").Replace(":", "");
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) digits = digits[2..];
        try { return Convert.FromHexString(digits); }
        catch (FormatException) { r.AddError($"--packet '{text}' is not hex bytes (e.g. 00ff1a...)"); return []; }
    }
}

/// <summary>What <c>ebpfcat run --json</c> prints.</summary>
internal sealed record RunResult(
    [property: System.Text.Json.Serialization.JsonPropertyName("retval")] uint Retval,
    [property: System.Text.Json.Serialization.JsonPropertyName("duration_ns")] uint DurationNs,
    [property: System.Text.Json.Serialization.JsonPropertyName("data_out")] string DataOut);

using System.CommandLine;
using System.Text.Json;
using EbpfCat.Isa;
using EbpfCat.Loader;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat run FILE</c>: loads raw bytecode into the kernel and runs it once or many times
/// on a packet with BPF_PROG_TEST_RUN.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Raw eBPF bytecode (8 bytes per slot)." };
        var type = new Option<ProgramType>("--type")
        {
            Description = "Program type: xdp, socket-filter, sched-cls, ... (default xdp).",
            DefaultValueFactory = _ => ProgramType.Xdp,
            CustomParser = r => ParseType(r.Tokens.Single().Value, r),
        };
        var packet = new Option<byte[]>("--packet")
        {
            Description = "The packet as hex bytes (default: 64 zero bytes; XDP needs at least 14).",
            CustomParser = r => r.Tokens.Count == 0 ? new byte[64] : ParseHex(r.Tokens.Single().Value, r),
            DefaultValueFactory = _ => new byte[64],
        };
        var repeat = new Option<int>("--repeat") { Description = "How many times the kernel runs the program; the duration is the mean.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: retval, duration_ns, data_out (hex)." };
        var command = new Command("run", """
            Load a program into the kernel and run it on a packet with BPF_PROG_TEST_RUN (needs root or CAP_BPF).
            Prints the return value, the mean duration per run and the packet after the run.

            Example:
              ebpfcat run prog.bin --packet 00112233445566778899aabb0800 --repeat 1000 --json
            """)
        {
            file, type, packet, repeat, json,
        };
        command.SetGuardedAction((parsed, output) =>
        {
            var path = parsed.GetRequiredValue(file);
            Instruction[] program;
            try { program = InstructionEncoding.Decode(CommandAction.ReadAllBytes(path)); }
            catch (InvalidInstructionException e) { throw new BytecodeFileException(path.Name, e); }
            if (parsed.GetValue(repeat) < 1) throw new FormatException("--repeat must be at least 1");

            var programType = parsed.GetValue(type);
            using var loaded = BpfProgram.Load(programType, program, new ProgramLoadOptions { Name = Path.GetFileNameWithoutExtension(path.Name) });
            var result = loaded.TestRun(new TestRunOptions { Data = parsed.GetRequiredValue(packet), Repeat = parsed.GetValue(repeat) });
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

    /// <summary>Kebab-case names of <see cref="ProgramType"/>: <c>socket-filter</c> is <c>SocketFilter</c>.</summary>
    static ProgramType ParseType(string text, System.CommandLine.Parsing.ArgumentResult r)
    {
        var name = text.Replace("-", "").Replace("_", "");
        foreach (var t in Enum.GetValues<ProgramType>())
            if (string.Equals(t.ToString(), name, StringComparison.OrdinalIgnoreCase)) return t;
        r.AddError($"unknown program type '{text}'; use one of {string.Join(", ", Enum.GetValues<ProgramType>().Skip(1).Select(Kebab))}");
        return default;
    }

    static string Kebab(ProgramType t) => string.Concat(t.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));

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

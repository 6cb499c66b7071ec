using System.CommandLine;
using System.Globalization;
using EbpfCat.Engines;
using EbpfCat.Isa;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat conformance-plugin</c>: a plugin for the bpf_conformance test runner. It speaks the runner's
/// protocol: the program arrives as base16 bytes (spaces allowed) on one line of standard input, or after
/// <c>--program</c>; the memory, when there is one, as base16 in the first positional argument (the runner passes an
/// empty string when there is none). On success the final r0 is printed in lowercase hex without <c>0x</c> and the
/// exit code is 0; a program that cannot run prints nothing on standard output, says why on standard error, and
/// exits with 1.</summary>
internal static class ConformancePluginCommand
{
    public static Command Create()
    {
        var engine = new Option<string>("--engine")
        {
            Description = "Where the program runs: interpreter (default; no privileges needed) or kernel (BPF_PROG_TEST_RUN, needs root or CAP_BPF).",
            DefaultValueFactory = _ => "interpreter",
        };
        engine.AcceptOnlyFromAmong("interpreter", "kernel");
        var program = new Option<string?>("--program") { HelpName = "HEX", Description = "The program as base16 bytes, instead of reading one line of standard input." };
        var memory = new Argument<string[]>("MEMORY_HEX")
        {
            Description = "The memory r1 points to, as base16 bytes (r2 is its length); empty or absent for none.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("conformance-plugin", """
            Run one program as a bpf_conformance plugin: r1 points to the memory, r2 holds its length, and the final r0
            is printed in hex. Give the runner this tool as the plugin and "conformance-plugin --engine kernel" as its plugin options.

            Example:
              echo b7 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00 | ebpfcat conformance-plugin --engine kernel
            """)
        {
            engine, program, memory,
        };
        command.SetGuardedAction((parsed, output) =>
        {
            var programText = parsed.GetValue(program) ?? Console.In.ReadLine()
                ?? throw new FormatException("no program: give --program or one line of base16 bytes on standard input");
            var bytes = Base16("program", programText);
            if (bytes.Length == 0 || bytes.Length % InstructionEncoding.SlotSize != 0)
                throw new FormatException($"the program must be a whole number of 8-byte instructions, not {bytes.Length} bytes");
            var block = Base16("memory", string.Concat(parsed.GetValue(memory) ?? []));
            IExecutionEngine runner = parsed.GetValue(engine) == "kernel" ? new KernelEngine() : new InterpreterEngine();
            var result = runner.Run(InstructionEncoding.Decode(bytes), block);
            if (!result.Succeeded)
            {
                parsed.InvocationConfiguration.Error.WriteLine($"ebpfcat conformance-plugin: the {runner.Name} {(result.Outcome == EngineOutcome.Rejected ? "rejected" : "faulted on")} the program: {result.Error}");
                return EbpfCatCli.Failure;
            }
            output.WriteLine(result.ReturnValue.ToString("x", CultureInfo.InvariantCulture));
            return EbpfCatCli.Ok;
        });
        return command;
    }

    /// <summary>Base16 bytes with any white space between them (the runner separates the program's bytes with spaces).</summary>
    static byte[] Base16(string what, string text)
    {
        var digits = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        try { return Convert.FromHexString(digits); }
        catch (FormatException) { throw new FormatException($"the {what} is not base16 bytes: '{(text.Length > 40 ? text[..40] + "..." : text)}'"); }
    }
}

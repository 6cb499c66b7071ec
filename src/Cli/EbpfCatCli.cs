using System.CommandLine;
using EbpfCat.Cli.Commands;

namespace EbpfCat.Cli;

/// <summary>The <c>ebpfcat</c> command line: its commands and its exit codes (0 ok, 1 failure, 2 usage).</summary>
/// <example><code>int code = EbpfCatCli.Run(["disasm", "prog.bin"], Console.Out, Console.Error);</code></example>
public static class EbpfCatCli
{
    /// <summary>The command ran and did what was asked.</summary>
    public const int Ok = 0;
    /// <summary>The command ran and failed: bad input, a rejected program, a failed syscall.</summary>
    public const int Failure = 1;
    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;

    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code; writes nothing but to the two writers.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("ebpfcat: assemble, disassemble, run, load and attach eBPF programs; list programs and maps, dump and watch maps.")
        {
            DisasmCommand.Create(),
            AsmCommand.Create(),
            RunCommand.Create(),
            LoadCommand.Create(),
            AttachCommand.Create(),
            DetachCommand.Create(),
            ProgsCommand.Create(),
            MapsCommand.Create(),
            WatchCommand.Create(),
            ConformancePluginCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) error.WriteLine($"ebpfcat: {e.Message}");
            error.WriteLine($"Try 'ebpfcat {string.Join(' ', CommandPath(parsed))} --help'.".Replace("  ", " "));
            return Usage;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (var r = parsed.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
            names.Push(r.Command.Name);
        return names;
    }
}

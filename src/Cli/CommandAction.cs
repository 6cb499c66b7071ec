using System.CommandLine;

namespace EbpfCat.Cli;

/// <summary>Runs a command body and turns the errors a user can cause into a message and exit code 1, never a stack trace.</summary>
internal static class CommandAction
{
    /// <summary>Sets <paramref name="body"/> as the command's action, with EbpfCat's error handling around it.</summary>
    public static void SetGuardedAction(this Command command, Func<ParseResult, TextWriter, int> body)
        => command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var name = FullName(command);
            var error = parsed.InvocationConfiguration.Error;
            try
            {
                return body(parsed, output);
            }
            catch (Loader.VerifierException e)
            {
                // the summary first, where the eye lands; then the whole log, which is what one debugs with
                error.WriteLine($"ebpfcat {name}: {e.Message}");
                error.WriteLine("--- verifier log ---");
                error.WriteLine(e.Log.TrimEnd());
                return EbpfCatCli.Failure;
            }
            catch (Exception e) when (e is EbpfCatException or IOException or UnauthorizedAccessException or FormatException)
            {
                error.WriteLine($"ebpfcat {name}: {e.Message}");
                return EbpfCatCli.Failure;
            }
        });

    /// <summary>The command's name with its parents', as typed: <c>maps dump</c>.</summary>
    static string FullName(Command command)
        => command.Parents.OfType<Command>().FirstOrDefault() is { } parent and not RootCommand ? $"{FullName(parent)} {command.Name}" : command.Name;

    /// <summary>The bytes of <paramref name="file"/>, with a message naming it when it cannot be read.</summary>
    public static byte[] ReadAllBytes(FileInfo file)
    {
        if (!file.Exists) throw new FileNotFoundException($"{file.FullName}: no such file");
        return File.ReadAllBytes(file.FullName);
    }
}

using System.Diagnostics;
using EbpfCat.Cli;

namespace EbpfCat.Properties.Cli;

/// <summary>Runs the <c>ebpfcat</c> tool in this process (fast) or as a separate process (end to end).</summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static Outcome Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = EbpfCatCli.Run(args, output, error);
        return new Outcome(code, output.ToString(), error.ToString());
    }

    /// <summary>Starts <c>dotnet EbpfCat.Cli.dll</c> from the test's output folder.</summary>
    public static Outcome RunProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EbpfCat.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Outcome(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>A temporary file with the given bytes or text, deleted with the folder when the test ends.</summary>
    public static string TempFile(string name, byte[] content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ebpfcat-cli-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static string TempFile(string name, string text) => TempFile(name, System.Text.Encoding.UTF8.GetBytes(text));
}

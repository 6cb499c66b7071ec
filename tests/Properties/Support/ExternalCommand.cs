using System.Diagnostics;

namespace EbpfCat.Properties.Support;

/// <summary>Runs a program the tests need (mount, a C compiler) and collects what it printed.</summary>
public static class ExternalCommand
{
    /// <summary>Runs <paramref name="file"/> to completion; returns its exit code, standard output and standard error.</summary>
    public static (int Code, string Output, string Error) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        // Read both streams at once: a child blocked on a full pipe would never exit.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Trim());
    }
}

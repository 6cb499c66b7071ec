using System.Diagnostics;
using Xunit;

namespace EbpfCat.Properties.Cli;

/// <summary>The NativeAOT <c>ebpfcat</c>, published once per test class into a temporary folder with the command the
/// README gives (<c>dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=true</c>). The publish fails on any
/// trim or AOT warning (warnings are errors), so a class using this fixture also checks that the tool stays AOT-clean.</summary>
public sealed class NativeExecutable : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "ebpfcat-native-" + Guid.NewGuid().ToString("n"));
    readonly string? missing;
    readonly string? publishFailure;

    /// <summary>The published executable.</summary>
    public string Executable => Path.Combine(folder, "out", "EbpfCat.Cli");

    public NativeExecutable()
    {
        missing = MissingToolchain();
        if (missing is not null) return;
        var project = Path.Combine(RepositoryRoot(), "src", "Cli", "EbpfCat.Cli.csproj");
        // A private intermediate folder for the native step: ILC runs every time, so a warning cannot hide behind
        // an object file left by an earlier publish.
        var (code, output, error) = Start("dotnet", null, "publish", project, "-c", "Release", "-r", "linux-x64",
            "-p:PublishAot=true", $"-p:NativeIntermediateOutputPath={Path.Combine(folder, "native")}/", "-o", Path.Combine(folder, "out"));
        if (code != 0 || !File.Exists(Executable))
            publishFailure = $"dotnet publish -p:PublishAot=true failed with exit code {code}:\n{Tail(output + error)}";
    }

    /// <summary>Fails the test when the publish failed; skips it (fails under EBPFCAT_REQUIRE_KERNEL=1) when the
    /// machine lacks the native toolchain.</summary>
    public void Require()
    {
        if (missing is not null) Prerequisite.Missing(missing);
        if (publishFailure is not null) Assert.Fail(publishFailure);
    }

    /// <summary>Runs the executable with <paramref name="arguments"/>, writing <paramref name="standardInput"/> (if any) to it.</summary>
    public (int Code, string Output, string Error) Run(string? standardInput, params string[] arguments)
    {
        Require();
        return Start(Executable, standardInput, arguments);
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>Null when NativeAOT can link here (a C compiler driver and zlib); otherwise what is missing.</summary>
    static string? MissingToolchain()
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        bool OnPath(string name) => path.Any(d => File.Exists(Path.Combine(d, name)));
        if (!OnPath("clang") && !OnPath("gcc")) return "NativeAOT needs clang or gcc to link (apt install clang)";
        string[] zlib = ["/usr/lib/x86_64-linux-gnu/libz.so", "/usr/lib/x86_64-linux-gnu/libz.a", "/usr/lib/libz.so", "/usr/lib64/libz.so"];
        if (!zlib.Any(File.Exists)) return "NativeAOT needs zlib to link (apt install zlib1g-dev)";
        return null;
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EbpfCat.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no EbpfCat.sln above {AppContext.BaseDirectory}");
    }

    static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(30));

    static (int Code, string Output, string Error) Start(string file, string? standardInput, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        if (standardInput is not null) process.StandardInput.WriteLine(standardInput);
        process.StandardInput.Close();
        // Read both streams at once: a child blocked on a full pipe would never exit.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result.ReplaceLineEndings("\n"), error.ReplaceLineEndings("\n"));
    }
}

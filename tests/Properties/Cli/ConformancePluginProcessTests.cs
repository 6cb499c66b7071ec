using System.Diagnostics;
using EbpfCat.Properties.Conformance;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Cli;

/// <summary>The plugin protocol end to end: the built <c>ebpfcat</c> (EbpfCat.Cli.dll) started as its own process the way
/// the bpf_conformance runner starts a plugin: the memory as the first argument (an empty string when there is none),
/// the program's bytes written to standard input, r0 read from standard output, the exit code checked.</summary>
public sealed class ConformancePluginProcessTests
{
    static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "EbpfCat.Cli.dll");

    [Theory]
    [InlineData("add.data", "interpreter"), InlineData("add.data", "kernel")]
    [InlineData("mem-len.data", "interpreter"), InlineData("mem-len.data", "kernel")]
    [InlineData("subnet.data", "interpreter"), InlineData("subnet.data", "kernel")]
    [InlineData("lddw2.data", "interpreter"), InlineData("lddw2.data", "kernel")]
    public void A_conformance_file_runs_through_the_plugin_process(string name, string engine)
    {
        var file = ConformanceSuite.Load(name);
        if (engine == "kernel") KernelRequirement.Require();
        var (code, output, error) = Start(ConformancePluginCommandTests.HexOf(ConformanceSuite.Program(file)),
            "conformance-plugin", "--engine", engine, Convert.ToHexStringLower(file.Memory));
        Assert.True(code == 0, $"{name} on the {engine}: exit {code}: {error}");
        Assert.Equal($"{file.Result:x}\n", output);
    }

    [Fact]
    public void A_program_the_kernel_rejects_ends_the_process_with_1_and_no_output()
    {
        var file = ConformanceSuite.Load("callx.data");
        KernelRequirement.Require();
        var (code, output, error) = Start(ConformancePluginCommandTests.HexOf(ConformanceSuite.Program(file)),
            "conformance-plugin", "--engine", "kernel", "");
        Assert.Equal((1, ""), (code, output));
        Assert.Contains("unknown opcode 8d", error);
    }

    static (int Code, string Output, string Error) Start(string standardInput, params string[] arguments)
    {
        if (!File.Exists(Cli)) Prerequisite.Missing($"the built command-line tool is not at {Cli}");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Cli);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.StandardInput.WriteLine(standardInput);
        process.StandardInput.Close();
        // Read both streams at once: a child blocked on a full pipe would never exit.
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill();
        return (process.ExitCode, output.Result, error.Trim());
    }
}

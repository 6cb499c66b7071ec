using System.Runtime.InteropServices;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Examples;

/// <summary>The examples, run as a user runs them: real frames on a veth pair in a private namespace, counted
/// exactly; everything they made is gone afterwards, also when interrupted.</summary>
public sealed partial class ExampleTests
{
    static Process Start(string example, params string[] args) => Start(example, interruptible: false, args);

    /// <remarks>An <paramref name="interruptible"/> example starts with SIGINT at its default disposition: a test run
    /// started as a background job of a non-interactive shell ignores SIGINT, every child inherits that, and .NET then
    /// leaves Ctrl+C alone, so the demo would never see the SIGINT the test sends (env execs the example, same pid).</remarks>
    static Process Start(string example, bool interruptible, params string[] args)
    {
        var info = new ProcessStartInfo(interruptible ? "env" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (interruptible) { info.ArgumentList.Add("--default-signal=INT"); info.ArgumentList.Add("dotnet"); }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, $"{example}.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    static (int Code, string Output, string Error) Run(string example, params string[] args)
    {
        using var process = Start(example, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    /// <summary>The demo namespaces that example process <paramref name="pid"/> has (they are named after it), so that
    /// other processes' demos running meanwhile do not count.</summary>
    static int DemoNamespaces(int pid) => Directory.Exists("/run/netns")
        ? Directory.GetFiles("/run/netns").Count(f => Path.GetFileName(f).StartsWith($"ebpfcat-demo-{pid}-", StringComparison.Ordinal))
        : 0;

    [Theory]
    [InlineData("Count", "direct", new[] { "packets: counted 20" })]
    [InlineData("Count", "llvm", new[] { "packets: counted 20" })]
    [InlineData("IpCount", "direct", new[] { "ipv4: sent 10, counted 10", "other: sent 10, counted 10" })]
    [InlineData("IpCount", "llvm", new[] { "ipv4: sent 10, counted 10", "other: sent 10, counted 10" })]
    [InlineData("Count.FSharp", "direct", new[] { "packets: counted 20" })]
    [InlineData("Count.FSharp", "llvm", new[] { "packets: counted 20" })]
    [InlineData("IpCount.FSharp", "direct", new[] { "ipv4: sent 10, counted 10", "other: sent 10, counted 10" })]
    [InlineData("IpCount.FSharp", "llvm", new[] { "ipv4: sent 10, counted 10", "other: sent 10, counted 10" })]
    public async Task The_demo_counts_every_frame_it_sends_and_cleans_up(string example, string backEnd, string[] perKind)
    {
        KernelRequirement.Require();
        BackEnds.Get(backEnd);
        using var process = Start(example, "--rounds", "4", "--backend", backEnd);
        var reading = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var (code, output) = (process.ExitCode, await reading);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var lines = output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("packets arrived so far: ", StringComparison.Ordinal));
        Assert.Equal("sent 20, counted 20", lines[^1]);
        foreach (var line in perKind) Assert.Contains(line, lines);
        Assert.Equal(0, DemoNamespaces(process.Id));
    }

    [Theory]
    [InlineData("IpCount")]
    [InlineData("IpCount.FSharp")]
    public async Task An_interrupted_demo_detaches_and_removes_its_namespace(string example)
    {
        KernelRequirement.Require();
        using var process = Start(example, interruptible: true, "--rounds", "100000");
        try
        {
            var firstProgress = process.StandardOutput.ReadLine();
            while (firstProgress is not null && !firstProgress.StartsWith("packets arrived so far", StringComparison.Ordinal))
                firstProgress = process.StandardOutput.ReadLine();
            Assert.NotNull(firstProgress);
            Assert.Equal(1, DemoNamespaces(process.Id));
            Assert.Equal(0, Kill(process.Id, 2)); // SIGINT, as Ctrl+C sends it
            var rest = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            Assert.True(process.WaitForExit(30_000), "the demo did not stop within 30 s of SIGINT");
            Assert.Contains("interrupted; detached and cleaned up", await rest);
            Assert.Equal(0, DemoNamespaces(process.Id));
        }
        finally
        {
            // SIGTERM, which the demo also cleans up after, so that a failing test leaves nothing running
            if (!process.HasExited) { Kill(process.Id, 15); process.WaitForExit(30_000); }
        }
    }

    [Theory]
    [InlineData("IpCount", "direct")]
    [InlineData("IpCount", "llvm")]
    [InlineData("IpCount.FSharp", "direct")]
    [InlineData("IpCount.FSharp", "llvm")]
    public void Test_run_prints_the_return_value_and_every_variable_as_json(string example, string backEnd)
    {
        KernelRequirement.Require();
        BackEnds.Get(backEnd);
        var (code, output, error) = Run(example, "--test-run", "--backend", backEnd);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("retval").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("variables").GetProperty("ipv4").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("variables").GetProperty("other").GetInt32());
    }

    [Theory]
    [InlineData("Count", "direct")]
    [InlineData("Count", "llvm")]
    [InlineData("Count.FSharp", "direct")] // the same bytecode as the C# program, so the same text
    [InlineData("Count.FSharp", "llvm")]
    public void Dump_prints_the_compiled_program_in_llvm_objdump_syntax(string example, string backEnd)
    {
        var generator = BackEnds.Get(backEnd);
        var (code, output, _) = Run(example, "--dump", "--backend", backEnd);
        Assert.Equal(0, code);
        var expected = EbpfCat.Isa.Disassembler.Disassemble(new EbpfCat.Examples.CountProgram().Compile(EbpfCat.Passes.CompilerOptions.Default with { CodeGenerator = generator }).Instructions);
        Assert.Equal(expected, output.ReplaceLineEndings("\n").TrimEnd());
        Assert.Contains("call 0x1", output);           // bpf_map_lookup_elem
        Assert.Matches(@"lock \*\(u64 \*\)\(r\d \+ 0x0\) \+= r\d", output); // the atomic add
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

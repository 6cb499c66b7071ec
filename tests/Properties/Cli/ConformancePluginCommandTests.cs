using EbpfCat.Cli;
using EbpfCat.Isa;
using EbpfCat.Properties.Conformance;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Cli;

/// <summary><c>ebpfcat conformance-plugin</c> speaks the bpf_conformance plugin protocol: program bytes in base16 on one
/// line of standard input (or after <c>--program</c>), memory in base16 as the first argument, r0 in lowercase hex on
/// standard output with exit code 0, and nothing on standard output with exit code 1 when the program cannot run.</summary>
public sealed class ConformancePluginCommandTests
{
    // r0 = r2 (the memory's length); exit
    const string ReturnLength = "bf 20 00 00 00 00 00 00 95 00 00 00 00 00 00 00";
    // r0 = -2 ll; exit
    const string ReturnMinusTwo = "18 00 00 00 fe ff ff ff 00 00 00 00 ff ff ff ff 95 00 00 00 00 00 00 00";

    static (int Code, string Output, string Error) Plugin(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = EbpfCatCli.Run(["conformance-plugin", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static TheoryData<string> Engines() => new("interpreter", "kernel");

    static void RequireEngine(string engine)
    {
        if (engine == "kernel") KernelRequirement.Require();
    }

    [Theory, MemberData(nameof(Engines))]
    public void Prints_r0_in_lowercase_hex_without_a_prefix(string engine)
    {
        RequireEngine(engine);
        Assert.Equal((0, "fffffffffffffffe\n", ""), Plugin("--engine", engine, "--program", ReturnMinusTwo));
    }

    [Theory, MemberData(nameof(Engines))]
    public void The_memory_is_the_first_argument_and_r2_its_length(string engine)
    {
        RequireEngine(engine);
        Assert.Equal((0, "8\n", ""), Plugin("--engine", engine, "--program", ReturnLength, "0000000100000002"));
        Assert.Equal((0, "8\n", ""), Plugin("--engine", engine, "--program", ReturnLength, "00 00 00 01 00 00 00 02"));
        // The runner passes an empty string when the test has no memory.
        Assert.Equal((0, "0\n", ""), Plugin("--engine", engine, "--program", ReturnLength, ""));
        Assert.Equal((0, "0\n", ""), Plugin("--engine", engine, "--program", ReturnLength));
    }

    [Fact]
    public void The_default_engine_is_the_interpreter()
        // callx with a helper number in a register: only the interpreter runs it (the kernel has no callx).
        => Assert.Equal((0, "2\n", ""), Plugin("--program", HexOf(ConformanceSuite.Program(ConformanceFile.Parse("callx.data", """
            -- asm
            mov %r1, -1
            mov %r2, 5
            call %r2
            mov %r0, 2
            exit
            """)))));

    [Fact]
    public void The_program_is_read_from_one_line_of_standard_input_when_not_given()
    {
        lock (ConsoleInput)
        {
            var saved = Console.In;
            // The runner writes each byte followed by spaces; any white space between bytes is accepted.
            Console.SetIn(new StringReader("b7  00  00  00  2a  00  00  00  95  00  00  00  00  00  00  00\nignored\n"));
            try { Assert.Equal((0, "2a\n", ""), Plugin()); }
            finally { Console.SetIn(saved); }
        }
    }

    static readonly object ConsoleInput = new();

    [Fact]
    public void A_program_the_kernel_rejects_exits_with_1_and_prints_nothing_on_standard_output()
    {
        KernelRequirement.Require();
        var (code, output, error) = Plugin("--engine", "kernel", "--program", "95 00 00 00 00 00 00 00");
        Assert.Equal(EbpfCatCli.Failure, code);
        Assert.Equal("", output);
        Assert.Contains("the kernel rejected the program", error);
        Assert.Contains("R0 !read_ok", error);
    }

    [Fact]
    public void A_program_that_faults_in_the_interpreter_exits_with_1_and_prints_nothing_on_standard_output()
    {
        // r0 = *(u8 *)(r1 + 8) with 8 bytes of memory
        var (code, output, error) = Plugin("--program", "71 10 08 00 00 00 00 00 95 00 00 00 00 00 00 00", "0000000000000000");
        Assert.Equal((EbpfCatCli.Failure, ""), (code, output));
        Assert.Contains("the interpreter faulted on the program", error);
    }

    [Theory]
    [InlineData("b7 00 00 00", "8-byte instructions")]
    [InlineData("zz 00 00 00 00 00 00 00", "not base16")]
    [InlineData("", "8-byte instructions")]
    public void Input_that_is_not_a_program_exits_with_1(string program, string complaint)
    {
        var (code, output, error) = Plugin("--program", program);
        Assert.Equal((EbpfCatCli.Failure, ""), (code, output));
        Assert.Contains(complaint, error);
    }

    [Fact]
    public void Memory_that_is_not_base16_exits_with_1()
    {
        var (code, output, error) = Plugin("--program", ReturnLength, "0g");
        Assert.Equal((EbpfCatCli.Failure, ""), (code, output));
        Assert.Contains("the memory is not base16", error);
    }

    [Fact]
    public void An_unknown_engine_is_a_usage_error()
        => Assert.Equal(EbpfCatCli.Usage, Plugin("--engine", "jit", "--program", ReturnLength).Code);

    /// <summary>A few files of the suite through the in-process command, as the runner would pass them.</summary>
    [Theory]
    [InlineData("add.data", "interpreter"), InlineData("add.data", "kernel")]
    [InlineData("mem-len.data", "interpreter"), InlineData("mem-len.data", "kernel")]
    [InlineData("ldxb.data", "interpreter"), InlineData("ldxb.data", "kernel")]
    [InlineData("lddw2.data", "interpreter"), InlineData("lddw2.data", "kernel")]
    [InlineData("call_local.data", "interpreter"), InlineData("call_local.data", "kernel")]
    [InlineData("rfc9669_lock_fetch_add64.data", "interpreter"), InlineData("rfc9669_lock_fetch_add64.data", "kernel")]
    public void Conformance_files_give_their_result(string name, string engine)
    {
        var file = ConformanceSuite.Load(name);
        RequireEngine(engine);
        Assert.Equal((0, $"{file.Result:x}\n", ""), Plugin("--engine", engine, "--program", HexOf(ConformanceSuite.Program(file)), Convert.ToHexStringLower(file.Memory)));
    }

    /// <summary>The program's bytes as the bpf_conformance runner writes them: base16, separated by spaces.</summary>
    internal static string HexOf(Instruction[] program)
        => string.Join(' ', InstructionEncoding.Encode(program).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}

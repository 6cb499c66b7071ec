using EbpfCat.Isa;
using Xunit;
using static EbpfCat.Properties.Cli.CliRunner;

namespace EbpfCat.Properties.Cli;

/// <summary><c>ebpfcat asm</c> and <c>ebpfcat disasm</c>: text to bytes and back, errors that say where, exit codes 0/1/2.</summary>
public sealed class AsmDisasmCommandTests
{
    const string Program = """
        ; count to three
            r0 = 0x0
        again:
            r0 += 0x1
            if r0 < 0x3 goto again   // back edge
            exit
        """;

    [Fact]
    public void Asm_writes_the_bytecode_and_disasm_prints_it_back()
    {
        var source = TempFile("count.s", Program);
        var binary = Path.ChangeExtension(source, ".bin");
        var asm = Run("asm", source, "-o", binary);
        Assert.Equal((0, ""), (asm.ExitCode, asm.Error));
        Assert.Equal(32, new FileInfo(binary).Length);

        var disasm = Run("disasm", binary);
        Assert.Equal(0, disasm.ExitCode);
        Assert.Equal("r0 = 0x0\nr0 += 0x1\nif r0 < 0x3 goto -0x2\nexit\n", disasm.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Disasm_with_offsets_numbers_the_slots()
    {
        var binary = TempFile("wide.bin", InstructionEncoding.Encode([Instruction.LoadImm64(Register.R1, 0x1122334455667788), Instruction.Exit()]));
        var disasm = Run("disasm", binary, "--offsets");
        Assert.Equal("   0: r1 = 0x1122334455667788 ll\n   2: exit\n", disasm.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Asm_errors_name_the_file_line_and_column_and_exit_with_1()
    {
        var source = TempFile("broken.s", "r0 = 0x0\nr0 += r11\nexit\n");
        var asm = Run("asm", source, "-o", source + ".bin");
        Assert.Equal(1, asm.ExitCode);
        Assert.StartsWith("ebpfcat asm: broken.s:2:7: ", asm.Error);
        Assert.Contains("r11", asm.Error);
        Assert.False(File.Exists(source + ".bin"));
    }

    [Theory]
    [InlineData(new byte[] { 0x95, 0, 0, 0, 0, 0, 0 }, "instruction 0: bytecode is 7 bytes long, not a multiple of 8")]
    [InlineData(new byte[] { 0xb7, 0, 0, 0, 2, 0, 0, 0, 0xff, 0, 0, 0, 0, 0, 0, 0 }, "instruction 1: ")]
    [InlineData(new byte[] { 0x18, 0x01, 0, 0, 0, 0, 0, 0 }, "instruction 0: lddw needs a second slot")]
    public void Disasm_of_invalid_bytecode_names_the_file_and_the_instruction_index(byte[] bytes, string expected)
    {
        var file = TempFile("bad.bin", bytes);
        var disasm = Run("disasm", file);
        Assert.Equal(1, disasm.ExitCode);
        Assert.Equal("", disasm.Output);
        Assert.StartsWith($"ebpfcat disasm: bad.bin: {expected}", disasm.Error);
    }

    [Fact]
    public void A_missing_file_is_a_failure_with_its_name()
    {
        var result = Run("disasm", "/nonexistent/prog.bin");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/prog.bin", result.Error);
    }

    [Theory]
    [InlineData("disasm")]
    [InlineData("asm", "x.s")]
    [InlineData("frobnicate")]
    [InlineData("disasm", "x.bin", "--no-such-option")]
    public void A_wrong_command_line_exits_with_2_and_points_at_help(params string[] args)
    {
        var result = Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Error);
    }

    [Fact]
    public void Every_command_has_help_with_an_example()
    {
        foreach (var command in new[] { "asm", "disasm", "run" })
        {
            var help = Run(command, "--help");
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("Example:", help.Output);
            Assert.Contains($"ebpfcat {command}", help.Output);
        }
    }

    [Fact]
    public void User_errors_print_no_stack_trace_from_the_real_executable()
    {
        var source = TempFile("broken.s", "r0 = \n");
        var result = RunProcess("asm", source, "-o", source + ".bin");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("ebpfcat asm: broken.s:1:6: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }
}

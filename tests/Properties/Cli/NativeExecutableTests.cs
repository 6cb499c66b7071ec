using System.Text.Json;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Cli;

/// <summary>The NativeAOT <c>ebpfcat</c> does what the framework-dependent tool does: every command end to end,
/// outputs and exit codes, in its own process.</summary>
[Collection(nameof(DotnetSdkCommands))]
public sealed class NativeExecutableTests(NativeExecutable native) : IClassFixture<NativeExecutable>
{
    const string Source = """
        r0 = 0x0
        loop:
            r0 += 0x1            ; count to three
            if r0 < 0x3 goto loop
            r1 = 0x1122334455667788 ll
            *(u64 *)(r10 - 0x8) = r1
            r0 = 0x2
            exit
        """;

    [Fact]
    public void Asm_then_disasm_gives_the_llvm_objdump_text_back()
    {
        var source = CliRunner.TempFile("prog.s", Source);
        var binary = source + ".bin";
        Assert.Equal((0, "", ""), native.Run(null, "asm", source, "-o", binary));
        Assert.Equal(8 * 8, new FileInfo(binary).Length); // lddw takes two slots
        var (code, output, error) = native.Run(null, "disasm", binary, "--offsets");
        Assert.Equal((0, ""), (code, error));
        Assert.Equal("""
               0: r0 = 0x0
               1: r0 += 0x1
               2: if r0 < 0x3 goto -0x2
               3: r1 = 0x1122334455667788 ll
               5: *(u64 *)(r10 - 0x8) = r1
               6: r0 = 0x2
               7: exit

            """, output);
    }

    [Fact]
    public void An_assembly_error_names_the_file_line_and_column_and_exits_with_1()
    {
        var source = CliRunner.TempFile("broken.s", "r0 = 0x0\nr11 = 0x1\nexit\n");
        var (code, output, error) = native.Run(null, "asm", source, "-o", source + ".bin");
        Assert.Equal((1, ""), (code, output));
        Assert.StartsWith("ebpfcat asm: broken.s:2:", error);
        Assert.Contains("r11", error);
        Assert.False(File.Exists(source + ".bin"));
    }

    [Fact]
    public void Bytecode_with_a_bad_instruction_is_an_error_naming_its_index()
    {
        var binary = CliRunner.TempFile("bad.bin", [0xb7, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0, 0, 0, 0, 0]);
        var (code, output, error) = native.Run(null, "disasm", binary);
        Assert.Equal((1, ""), (code, output));
        Assert.StartsWith("ebpfcat disasm: bad.bin: instruction 1: ", error);
    }

    [Fact]
    public void A_wrong_command_line_exits_with_2_and_points_to_help()
    {
        var (code, _, error) = native.Run(null, "disasm", "x.bin", "--no-such-option");
        Assert.Equal(2, code);
        Assert.Contains("Try 'ebpfcat disasm --help'.", error);
    }

    [Fact]
    public void Run_loads_the_program_into_the_kernel_and_prints_json()
    {
        native.Require();
        KernelRequirement.Require();
        var source = CliRunner.TempFile("prog.s", Source);
        Assert.Equal(0, native.Run(null, "asm", source, "-o", source + ".bin").Code);
        var (code, output, error) = native.Run(null, "run", source + ".bin", "--repeat", "1", "--json", "--packet", "00112233445566778899aabb0800");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2u, json.RootElement.GetProperty("retval").GetUInt32());
        Assert.Equal("00112233445566778899aabb0800", json.RootElement.GetProperty("data_out").GetString());
        Assert.True(json.RootElement.TryGetProperty("duration_ns", out _));
    }

    [Fact]
    public void Maps_dump_watch_and_progs_print_json_and_tables_from_the_native_tool()
    {
        native.Require();
        KernelRequirement.Require();
        using var map = EbpfCat.Maps.BpfMap.Create(EbpfCat.Maps.MapType.Hash, 4, 8, 4, name: "cli_native");
        map.Update(BitConverter.GetBytes(3), BitConverter.GetBytes(99UL));
        var id = map.Info.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, output, error) = native.Run(null, "maps", "dump", id, "--json");
        Assert.True(code == 0, error);
        Assert.Equal("""[{"key":"03000000","value":"6300000000000000","number":99}]""" + "\n", output);

        (code, output, error) = native.Run(null, "watch", id, "--count", "2", "--interval", "1");
        Assert.True(code == 0, error);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(output, @"\| 03000000 \| 6300000000000000 \| +99 \|"));

        (code, output, error) = native.Run(null, "maps", "--json");
        Assert.True(code == 0, error);
        using (var maps = JsonDocument.Parse(output))
            Assert.Contains(maps.RootElement.EnumerateArray(), m => m.GetProperty("name").GetString() == "cli_native");

        (code, output, error) = native.Run(null, "progs");
        Assert.True(code == 0, error);
        Assert.StartsWith("+-", output);
        Assert.Contains("| id ", output);
    }

    [Fact]
    public void Run_prints_the_xdp_action_by_name()
    {
        native.Require();
        KernelRequirement.Require();
        var source = CliRunner.TempFile("prog.s", Source);
        Assert.Equal(0, native.Run(null, "asm", source, "-o", source + ".bin").Code);
        var (code, output, error) = native.Run(null, "run", source + ".bin", "--repeat", "1");
        Assert.True(code == 0, error);
        Assert.StartsWith("retval 2 (XDP_PASS)\nduration ", output);
    }

    [Theory]
    [InlineData("interpreter"), InlineData("kernel")]
    public void The_conformance_plugin_reads_the_program_from_standard_input(string engine)
    {
        native.Require();
        if (engine == "kernel") KernelRequirement.Require();
        // r0 = r2 (the memory's length) + 0x2a
        var (code, output, error) = native.Run("bf 20 00 00 00 00 00 00 07 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00",
            "conformance-plugin", "--engine", engine, "00112233");
        Assert.True(code == 0, error);
        Assert.Equal("2e\n", output);
    }

    [Fact]
    public void The_conformance_plugin_reports_a_fault_with_exit_1_and_no_output()
    {
        // r0 = *(u64 *)(r1 + 0x100) with 4 bytes of memory: out of bounds in the interpreter
        var (code, output, error) = native.Run("79 10 00 01 00 00 00 00 95 00 00 00 00 00 00 00", "conformance-plugin", "00112233");
        Assert.Equal((1, ""), (code, output));
        Assert.StartsWith("ebpfcat conformance-plugin: the ", error);
    }
}

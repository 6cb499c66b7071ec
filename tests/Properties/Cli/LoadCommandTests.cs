using System.Text.Json;
using EbpfCat.Builder;
using EbpfCat.Elf;
using EbpfCat.FSharp;
using EbpfCat.Loader;
using EbpfCat.Properties.Builder;
using EbpfCat.Properties.Support;
using Xunit;
using static EbpfCat.Properties.Cli.CliRunner;

namespace EbpfCat.Properties.Cli;

/// <summary><c>ebpfcat load FILE --pin PATH</c> and <c>ebpfcat progs</c>: a program loaded and pinned outlives the command and is listed
/// by the kernel; raw bytecode and ELF objects are read by one mechanism, shared with <c>disasm</c> and <c>run</c>.</summary>
public sealed class LoadCommandTests
{
    internal static string Binary(string text, string name = "pass.bin") => TempFile(name, Assembler.AssembleBytes(text));

    internal static string ArrayMapObject() => TempFile("array.o", ElfObjectWriter.Write(BpfObjectFile.FromCompiled(new ArrayMapExample().Compile())));

    [Fact]
    public void A_loaded_and_pinned_program_is_listed_by_progs_with_its_id_name_and_tag()
    {
        KernelRequirement.Require();
        using var bpffs = TemporaryBpfFs.Mount();
        var pin = Path.Combine(bpffs.Path, "prog");
        var load = Run("load", Binary("r0 = 0x2\nexit", "cli_pass.bin"), "--pin", pin, "--json");
        Assert.Equal((0, ""), (load.ExitCode, load.Error));
        using var loaded = JsonDocument.Parse(load.Output);
        uint id = loaded.RootElement.GetProperty("id").GetUInt32();
        Assert.Equal("xdp", loaded.RootElement.GetProperty("type").GetString());
        Assert.Equal("cli_pass", loaded.RootElement.GetProperty("name").GetString());

        // the tool has exited (returned): the pin keeps the program, and the kernel describes the same program
        using (var pinned = BpfProgram.OpenPinned(pin)) Assert.Equal(id, pinned.Info.Id);
        var progs = Run("progs", "--json");
        Assert.Equal((0, ""), (progs.ExitCode, progs.Error));
        using var listed = JsonDocument.Parse(progs.Output);
        var row = Assert.Single(listed.RootElement.EnumerateArray(), p => p.GetProperty("id").GetUInt32() == id);
        Assert.Equal("cli_pass", row.GetProperty("name").GetString());
        Assert.Equal(loaded.RootElement.GetProperty("tag").GetString(), row.GetProperty("tag").GetString());
        Assert.Equal(2, row.GetProperty("translated_instructions").GetInt32());

        var table = Run("progs");
        Assert.Equal(0, table.ExitCode);
        Assert.Matches($@"\| +{id} \| xdp +\| cli_pass +\| {row.GetProperty("tag").GetString()} \| +2 \|", table.Output);
    }

    [Fact]
    public void An_elf_program_is_loaded_with_its_maps_which_pin_maps_pins_beside_it()
    {
        KernelRequirement.Require();
        using var bpffs = TemporaryBpfFs.Mount();
        var pin = Path.Combine(bpffs.Path, "array_prog");
        var load = Run("load", ArrayMapObject(), "--section", "xdp", "--pin", pin, "--pin-maps", bpffs.Path, "--json");
        Assert.Equal((0, ""), (load.ExitCode, load.Error));
        using var json = JsonDocument.Parse(load.Output);
        var map = Assert.Single(json.RootElement.GetProperty("maps").EnumerateArray());
        var mapPin = map.GetProperty("pin").GetString()!;
        Assert.Equal(Path.Combine(bpffs.Path, "data_array_map"), mapPin);   // the kernel name of .data.array_map, without the dots bpffs refuses

        using var program = BpfProgram.OpenPinned(pin);
        Assert.Equal([map.GetProperty("id").GetUInt32()], program.Info.MapIds);
        // the program runs on the pinned map: its byte variable becomes 200 (0xc8)
        program.TestRun(new byte[64]);
        var dump = Run("maps", "dump", mapPin);
        Assert.Equal((0, ""), (dump.ExitCode, dump.Error));
        using var pinnedMap = Maps.BpfMap.OpenPinned(mapPin);
        var value = Convert.ToHexStringLower(pinnedMap.Lookup(new byte[4])!);
        Assert.Equal($"00000000 -> {value}\n", dump.Output.ReplaceLineEndings("\n"));
        Assert.Contains("c8", value);                // a_byte_variable = 200
        Assert.Contains("05000000", value);          // an_integer_variable += 5
    }

    [Fact]
    public void Run_and_disasm_take_the_same_elf_object_and_section()
    {
        KernelRequirement.Require();
        var elf = ArrayMapObject();
        var run = Run("run", elf, "--section", "xdp");
        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.StartsWith("retval 2 (XDP_PASS)", run.Output);
        var disasm = Run("disasm", elf, "--section", "xdp");
        Assert.Equal(0, disasm.ExitCode);
        Assert.Contains("map_value(0x0)", disasm.Output);
        foreach (var command in new[] { "run", "disasm", "load" })
        {
            var missing = Run([command, elf, "--section", "nope", .. command == "load" ? new[] { "--pin", "/sys/fs/bpf/unused" } : []]);
            Assert.Equal((1, ""), (missing.ExitCode, missing.Output));
            Assert.StartsWith($"ebpfcat {command}: array.o: no program or section named 'nope'", missing.Error);
        }
    }

    [Fact]
    public void Section_on_raw_bytecode_is_a_failure_that_says_so()
    {
        var result = Run("run", Binary("r0 = 0x2\nexit"), "--section", "xdp");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ebpfcat run: pass.bin: --section is for ELF objects; this is raw bytecode\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Pinning_where_something_is_pinned_fails_with_one_line_and_leaves_no_program()
    {
        KernelRequirement.Require();
        using var bpffs = TemporaryBpfFs.Mount();
        var pin = Path.Combine(bpffs.Path, "taken");
        Assert.Equal(0, Run("load", Binary("r0 = 0x2\nexit", "cli_taken.bin"), "--pin", pin).ExitCode);
        var before = BpfProgram.EnumerateIds().ToHashSet();
        var again = Run("load", Binary("r0 = 0x1\nexit", "cli_taken.bin"), "--pin", pin);
        Assert.Equal((1, ""), (again.ExitCode, again.Output));
        CliAssert.OneLineError($"ebpfcat load: cannot pin at {pin}: BPF_OBJ_PIN failed with EEXIST", again.Error);
        Assert.Equal(0, BpfProgram.EnumerateIds().Count(id => !before.Contains(id) && IsOurs(id)));
    }

    static bool IsOurs(uint id)
    {
        try { using var p = BpfProgram.OpenById(id); return p.Info.Name == "cli_taken"; }
        catch (BpfException) { return false; }
    }

    [Fact]
    public void Pinning_outside_a_bpffs_names_the_path_and_the_remedy()
    {
        KernelRequirement.Require();
        var pin = Path.Combine(Path.GetTempPath(), $"ebpfcat-not-bpffs-{Guid.NewGuid():n}");
        var result = Run("load", Binary("r0 = 0x2\nexit"), "--pin", pin);
        Assert.Equal(1, result.ExitCode);
        CliAssert.OneLineError($"ebpfcat load: cannot pin at {pin}: BPF_OBJ_PIN failed with", result.Error);
        Assert.Contains("bpffs", result.Error);
    }

    [Theory]
    [InlineData("load", "x.bin")]                                   // --pin is required
    [InlineData("load", "x.bin", "--pin")]
    [InlineData("load", "x.bin", "--pin", "/sys/fs/bpf/x", "--type", "frobnicator")]
    [InlineData("progs", "extra")]
    public void A_wrong_command_line_is_a_usage_error(params string[] args)
    {
        var result = Run(args);
        Assert.Equal((2, ""), (result.ExitCode, result.Output));
        Assert.Contains($"Try 'ebpfcat {args[0]} --help'.", result.Error);
    }
}

/// <summary>Checks on what the tool writes to standard error.</summary>
internal static class CliAssert
{
    /// <summary>The error is one line starting with <paramref name="start"/>: no stack trace, no second message.</summary>
    internal static void OneLineError(string start, string error)
    {
        var lines = error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"expected one line, got:\n{error}");
        Assert.StartsWith(start, lines[0]);
        Assert.DoesNotContain("   at ", error);
    }
}

using EbpfCat.Elf;
using EbpfCat.Loader;
using EbpfCat.Properties.Cli;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Elf;

/// <summary><c>ebpfcat asm FILE -o OUT.o</c> writes a BPF ELF object: bpftool loads it, and our reader finds in it
/// exactly the instructions the text assembles to.</summary>
public sealed class AsmObjectTests
{
    // a helper call, a forward jump and a 64-bit constant: the verifier sees a real program
    const string Source = """
        call 0x5                 ; bpf_ktime_get_ns
        r1 = 0x7fffffffffffffff ll
        r0 &= r1
        if r0 == 0x0 goto drop
        r0 = 0x2                 ; XDP_PASS
        exit
        drop:
        r0 = 0x1
        exit
        """;

    static string Assemble(string source, params string[] options)
    {
        var path = CliRunner.TempFile("stamp.s", source);
        var target = Path.ChangeExtension(path, ".o");
        var result = CliRunner.Run(["asm", path, "-o", target, .. options]);
        Assert.Equal((0, "", ""), (result.ExitCode, result.Output, result.Error));
        return target;
    }

    [Fact]
    public void An_object_written_by_asm_reads_back_with_the_assembled_instructions_license_and_section()
    {
        var path = Assemble(Source);
        var file = ElfObjectReader.Read(File.ReadAllBytes(path), "stamp.o");
        var program = Assert.Single(file.Programs);
        Assert.Equal(EbpfCat.FSharp.Assembler.Assemble(Source, null), program.Instructions.ToArray());
        Assert.Equal(("xdp", "stamp", ProgramType.Xdp, "GPL"), (program.Section, program.Name, program.Type, file.License));
        Assert.Empty(file.Maps);
        var disassembled = CliRunner.Run("disasm", path, "--section", "xdp");
        Assert.Equal(0, disassembled.ExitCode);
        Assert.StartsWith("call 0x5\nr1 = 0x7fffffffffffffff ll\n", disassembled.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Bpftool_loads_an_object_written_by_asm_and_our_reader_loads_the_same_instructions()
    {
        KernelRequirement.Require();
        var path = Assemble(Source);
        using var fs = TemporaryBpfFs.Mount();
        var pin = Path.Combine(fs.Path, "stamp");
        // no "type xdp": bpftool (libbpf) tells the type from the section name, as for clang's objects
        var (code, output, error) = ExternalCommand.Run("bpftool", "prog", "load", path, pin);
        Assert.True(code == 0, $"bpftool prog load failed: {output}{error}");
        using var byBpftool = BpfProgram.OpenPinned(pin);
        using var ours = ElfObjectReader.Read(File.ReadAllBytes(path), path).Load();
        Assert.Equal(ProgramType.Xdp, byBpftool.Info.Type);
        // the tag hashes the instructions: equal tags, equal programs
        Assert.Equal(byBpftool.Info.Tag, ours.Program.Info.Tag);
        Assert.Equal(byBpftool.TestRun(new byte[64]).ReturnValue, ours.Program.TestRun(new byte[64]).ReturnValue);
    }

    [Fact]
    public void The_section_and_license_options_name_the_program_type_and_the_license()
    {
        KernelRequirement.Require();
        var path = Assemble("r0 = 0x0\nexit", "--section", "socket", "--license", "Dual MIT/GPL");
        var file = ElfObjectReader.Read(File.ReadAllBytes(path), path);
        Assert.Equal(("socket", ProgramType.SocketFilter, "Dual MIT/GPL"), (file.Programs[0].Section, file.Programs[0].Type, file.License));
        using var fs = TemporaryBpfFs.Mount();
        var pin = Path.Combine(fs.Path, "socket");
        var (code, output, error) = ExternalCommand.Run("bpftool", "prog", "load", path, pin);
        Assert.True(code == 0, $"bpftool prog load failed: {output}{error}");
        using var byBpftool = BpfProgram.OpenPinned(pin);
        Assert.Equal(ProgramType.SocketFilter, byBpftool.Info.Type);
    }

    [Fact]
    public void A_map_load_cannot_go_into_an_object_without_maps_and_the_error_names_the_slot()
    {
        var path = CliRunner.TempFile("map.s", "r0 = 0x0\nr1 = map_fd(0x3) ll\nexit");
        var result = CliRunner.Run("asm", path, "-o", Path.ChangeExtension(path, ".o"));
        Assert.Equal((1, ""), (result.ExitCode, result.Output));
        Assert.Contains("map.s: instruction 1: loads a map (MapFd)", result.Error);
        Assert.False(File.Exists(Path.ChangeExtension(path, ".o")));
    }

    [Fact]
    public void An_empty_section_name_is_a_usage_error()
    {
        var path = CliRunner.TempFile("pass.s", "r0 = 0x2\nexit");
        var result = CliRunner.Run("asm", path, "-o", Path.ChangeExtension(path, ".o"), "--section", "");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--section needs a section name", result.Error);
    }
}

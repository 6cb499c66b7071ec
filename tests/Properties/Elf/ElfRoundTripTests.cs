using EbpfCat.Elf;
using EbpfCat.Loader;
using EbpfCat.Properties.Builder;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Elf;

/// <summary>Objects we write are accepted by libbpf (bpftool) and read back by our reader with the same instructions;
/// clang-built objects load through our reader and run as they do through bpftool.</summary>
public sealed class ElfRoundTripTests
{
    static BpfObjectFile Written(EbpfCat.Xdp.XdpProgram program) => BpfObjectFile.FromCompiled(program.Compile());

    [Fact]
    public void An_object_we_write_reads_back_with_the_same_programs_and_maps()
    {
        using var program = new ArrayMapExample();
        var file = Written(program);
        var read = ElfObjectReader.Read(ElfObjectWriter.Write(file), "array.o");
        Assert.Equal(file.License, read.License);
        Assert.Equal(file.Programs.Single().Instructions, read.Programs.Single().Instructions);
        Assert.Equal(file.Programs.Single().Relocations, read.Programs.Single().Relocations);
        Assert.Equal(file.Maps.Select(m => (m.Name, m.Definition.Type, m.Definition.KeySize, m.Definition.ValueSize, m.Definition.MaxEntries)),
                     read.Maps.Select(m => (m.Name, m.Definition.Type, m.Definition.KeySize, m.Definition.ValueSize, m.Definition.MaxEntries)));
    }

    [Theory]
    [InlineData("count")]
    [InlineData("array")]
    public void Bpftool_loads_an_object_we_write_and_our_reader_loads_the_same_instructions(string which)
    {
        KernelRequirement.Require();
        using EbpfCat.Xdp.XdpProgram program = which == "count" ? new Count() : new ArrayMapExample();
        var path = Path.Combine(Directory.CreateTempSubdirectory("ebpfcat-elf-").FullName, which + ".o");
        File.WriteAllBytes(path, ElfObjectWriter.Write(Written(program)));
        using var fs = TemporaryBpfFs.Mount();
        var pin = Path.Combine(fs.Path, "prog");
        var (code, output, error) = ExternalCommand.Run("bpftool", "prog", "load", path, pin, "type", "xdp");
        Assert.True(code == 0, $"bpftool prog load failed: {output}{error}");
        using var byBpftool = BpfProgram.OpenPinned(pin);
        using var ours = ElfObjectReader.Read(File.ReadAllBytes(path), path).Load();
        // the tag hashes the instructions with map references blanked: equal tags, equal programs
        Assert.Equal(byBpftool.Info.Tag, ours.Program.Info.Tag);
        Assert.Equal(byBpftool.TestRun(new byte[64]).ReturnValue, ours.Program.TestRun(new byte[64]).ReturnValue);
    }
}

public sealed class ElfCliTests
{
    [Fact]
    public void Disasm_shows_a_program_of_an_object_chosen_by_section()
    {
        using var program = new ArrayMapExample();
        var compiled = program.Compile();
        var path = EbpfCat.Properties.Cli.CliRunner.TempFile("array.o", ElfObjectWriter.Write(BpfObjectFile.FromCompiled(compiled)));
        var result = EbpfCat.Properties.Cli.CliRunner.Run("disasm", path, "--section", "xdp");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("exit", result.Output);
        var missing = EbpfCat.Properties.Cli.CliRunner.Run("disasm", path, "--section", "nope");
        Assert.Equal((1, ""), (missing.ExitCode, missing.Output));
        Assert.Contains("no program or section named 'nope'", missing.Error);
    }
}

using EbpfCat.Properties.Cli;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Packaging;

/// <summary><c>dotnet pack</c> makes the four packages a user installs, each with its README, license, XML docs and symbols;
/// the <c>ebpfcat</c> tool installs from them alone and works.</summary>
[Collection(nameof(DotnetSdkCommands))]
public sealed class PackageTests(PackedPackages packed) : IClassFixture<PackedPackages>
{
    /// <summary>Package id, the folder its assemblies are in, and the assembly that is the package.</summary>
    static readonly (string Id, string Folder, string Assembly)[] All =
    [
        ("EbpfCat", "lib/net10.0", "EbpfCat"),
        ("EbpfCat.FSharp", "lib/net10.0", "EbpfCat.FSharp"),
        ("EbpfCat.Backend.Llvm", "lib/net10.0", "EbpfCat.Backend.Llvm"),
        ("EbpfCat.Tool", "tools/net10.0/any", "EbpfCat.Cli"),
    ];

    public static TheoryData<string, string, string> Packages => new(All.Select(p => new TheoryDataRow<string, string, string>(p.Id, p.Folder, p.Assembly)));

    public static TheoryData<string> PackageIds => new(All.Select(p => p.Id));

    [Fact]
    public void Packing_the_solution_makes_the_four_packages_and_no_test_example_or_benchmark_package()
    {
        Assert.Equal(["EbpfCat", "EbpfCat.Backend.Llvm", "EbpfCat.FSharp", "EbpfCat.Tool"], packed.Nupkgs().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_package_has_its_readme_license_xml_docs_assembly_and_symbols(string id, string folder, string assembly)
    {
        var entries = packed.Entries(id);
        var metadata = packed.Metadata(id);
        Assert.Contains("README.md", entries);
        Assert.Equal("README.md", metadata.Element("readme")?.Value);
        var license = metadata.Element("license");
        Assert.Equal(("expression", "MIT"), (license?.Attribute("type")?.Value, license?.Value));
        Assert.Contains($"{folder}/{assembly}.dll", entries);
        Assert.Contains($"{folder}/{assembly}.xml", entries);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element("description")?.Value), $"{id} has no description");
        Assert.Contains($"{folder}/{assembly}.pdb", packed.Entries(id, ".snupkg"));
    }

    [Fact]
    public void The_readme_in_the_packages_is_the_repository_readme()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packed.Packages, $"EbpfCat.{packed.Version}.nupkg"));
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        Assert.Equal(File.ReadAllText(Path.Combine(packed.Repository, "README.md")), reader.ReadToEnd());
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Every_package_records_the_commit_it_was_built_from(string id)
    {
        var (code, head, error) = ExternalCommand.Run("git", "-C", packed.Repository, "rev-parse", "HEAD");
        if (code != 0) Prerequisite.Missing($"the checkout is not a git repository, so Source Link has no commit to record: {error}");
        var repository = packed.Metadata(id).Element("repository");
        Assert.Equal(("git", head.Trim()), (repository?.Attribute("type")?.Value, repository?.Attribute("commit")?.Value));
    }

    [Theory]
    [InlineData("EbpfCat.FSharp")]
    [InlineData("EbpfCat.Backend.Llvm")]
    public void The_library_packages_depend_on_the_core_package_of_their_own_version(string id)
    {
        var dependencies = packed.Metadata(id).Descendants("dependency")
            .ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        Assert.Equal(packed.Version, dependencies.GetValueOrDefault("EbpfCat"));
    }

    [Fact]
    public void The_tool_package_installs_the_ebpfcat_command()
    {
        var settings = packed.Entries("EbpfCat.Tool").Single(e => e.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
        Assert.Equal("tools/net10.0/any/DotnetToolSettings.xml", settings);
        var (code, output, error) = packed.RunTool("--help");
        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith("Description:\n  ebpfcat: ", output);
        foreach (var command in new[] { "asm <FILE>", "disasm <FILE>", "run <FILE>" }) Assert.Contains(command, output);
        Assert.Equal((0, packed.Version), (packed.RunTool("--version").Code, packed.RunTool("--version").Output.Trim().Split('+')[0]));
    }

    [Fact]
    public void The_installed_tool_assembles_and_disassembles_a_program_as_bytecode_and_as_an_elf_object()
    {
        var source = CliRunner.TempFile("pass.s", """
            r0 = 0x2            ; XDP_PASS
            if r1 == 0x0 goto out
            r0 = 0x1
            out:
            exit
            """);
        const string text = """
               0: r0 = 0x2
               1: if r1 == 0x0 goto +0x1
               2: r0 = 0x1
               3: exit

            """;
        var binary = source + ".bin";
        Assert.Equal((0, "", ""), packed.RunTool("asm", source, "-o", binary));
        Assert.Equal((0, text, ""), packed.RunTool("disasm", binary, "--offsets"));
        var elf = source + ".o";
        Assert.Equal((0, "", ""), packed.RunTool("asm", source, "-o", elf));
        Assert.Equal((0, text, ""), packed.RunTool("disasm", elf, "--section", "xdp", "--offsets"));
    }
}

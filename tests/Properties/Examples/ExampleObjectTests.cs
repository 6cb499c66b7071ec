using EbpfCat.Elf;
using EbpfCat.Loader;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Examples;

/// <summary><c>--elf FILE</c>: every example writes its program with its maps as a BPF ELF object that bpftool loads and
/// <c>ip link set dev DEV xdp obj FILE sec xdp</c> attaches, with the instructions the example compiles to.</summary>
public sealed partial class ExampleTests
{
    static XdpProgram Create(string example) => example switch
    {
        "Count" => new EbpfCat.Examples.CountProgram(),
        "IpCount" => new EbpfCat.Examples.IpCountProgram(),
        "Count.FSharp" => new EbpfCat.Examples.FSharp.CountProgram(),
        "IpCount.FSharp" => new EbpfCat.Examples.FSharp.IpCountProgram(),
        _ => throw new ArgumentOutOfRangeException(nameof(example), example, "no such example"),
    };

    [Theory]
    [InlineData("Count", "userspace")]          // a hash map: a BTF-defined map in .maps
    [InlineData("IpCount", ".data.array")]      // array variables: global data
    [InlineData("Count.FSharp", "userspace")]
    [InlineData("IpCount.FSharp", ".data.array")]
    public void Elf_writes_an_object_that_bpftool_loads_and_ip_link_attaches_and_detaches(string example, string map)
    {
        KernelRequirement.Require();
        var folder = Directory.CreateTempSubdirectory("ebpfcat-example-elf-");
        try
        {
            var path = Path.Combine(folder.FullName, example + ".o");
            var (code, output, error) = Run(example, "--elf", path);
            Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
            Assert.StartsWith($"wrote {path}: ", output);

            // what the example wrote is what it compiles to here, maps included
            using var program = Create(example);
            var expected = BpfObjectFile.FromCompiled(program.Compile());
            var written = ElfObjectReader.Read(File.ReadAllBytes(path), path);
            Assert.Equal(expected.Programs.Single().Instructions, written.Programs.Single().Instructions);
            Assert.Equal(("xdp", ProgramType.Xdp), (written.Programs.Single().Section, written.Programs.Single().Type));
            Assert.Equal(map, Assert.Single(written.Maps).Name);

            using var fs = TemporaryBpfFs.Mount();
            var pin = Path.Combine(fs.Path, "example");
            var loaded = ExternalCommand.Run("bpftool", "prog", "load", path, pin);
            Assert.True(loaded.Code == 0, $"bpftool prog load failed: {loaded.Output}{loaded.Error}");
            using var byBpftool = BpfProgram.OpenPinned(pin);
            Assert.Equal(ProgramType.Xdp, byBpftool.Info.Type);

            using var network = TestNetworkNamespace.CreateWithVethPair();
            var attached = ExternalCommand.Run("ip", "-n", network.Name, "link", "set", "dev", network.First, "xdp", "obj", path, "sec", "xdp");
            Assert.True(attached.Code == 0, $"ip link set dev {network.First} xdp obj {path} sec xdp failed: {attached.Output}{attached.Error}");
            var shown = network.IpInside("link", "show", "dev", network.First);
            // the same instructions as bpftool loaded: the same tag
            Assert.Matches($@"prog/xdp id \d+ .*tag {byBpftool.Info.Tag}", shown);
            network.IpInside("link", "set", "dev", network.First, "xdp", "off");
            Assert.DoesNotContain("prog/xdp", network.IpInside("link", "show", "dev", network.First));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

using EbpfCat.Elf;
using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Properties.Reference;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Elf;

/// <summary>The benchmark's reference programs in C (benchmarks/Programs/c), built by clang-19 -O2, load through our
/// reader, libbpf-free, and run as they do when bpftool (libbpf) loads the same object: the same verdict and packet
/// for each frame, and the same global variables afterwards.</summary>
public sealed class BenchmarkObjectTests
{
    public static TheoryData<string> Programs => new(["count", "ipcount", "fixed", "parse", "pressure", "large", "floor"]);

    /// <summary>Frames that take different ways through the programs: a UDP frame that parse lets pass (and counts,
    /// from port 53), the same to a blocked port, one from a blocked source, an ARP frame, and 64 zero bytes.</summary>
    static IEnumerable<byte[]> Frames()
    {
        byte[] Udp(int sourcePort, int destinationPort, uint source)
        {
            var p = new byte[64];
            for (int i = 0; i < 12; i++) p[i] = (byte)(0x10 + i);
            p[12] = 0x08; p[14] = 0x45; p[17] = 50; p[22] = 64; p[23] = 17;
            p[26] = (byte)(source >> 24); p[27] = (byte)(source >> 16); p[28] = (byte)(source >> 8); p[29] = (byte)source;
            p[30] = 192; p[31] = 168; p[32] = 1; p[33] = 1;
            p[34] = (byte)(sourcePort >> 8); p[35] = (byte)sourcePort; p[36] = (byte)(destinationPort >> 8); p[37] = (byte)destinationPort;
            p[39] = 30;
            for (int i = 42; i < 64; i++) p[i] = (byte)(i * 7);
            return p;
        }
        yield return Udp(53, 9999, 0xc0a80102);
        yield return Udp(53, 57761, 0xc0a80102);
        yield return Udp(1234, 9999, 0x0aea2724);
        var arp = Udp(53, 9999, 0xc0a80102);
        arp[12] = 0x08; arp[13] = 0x06;
        yield return arp;
        yield return new byte[64];
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void A_clang_built_reference_program_runs_the_same_through_our_reader_as_through_bpftool(string name)
    {
        KernelRequirement.Require();
        ClangReference.RequireTools();
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("the tests run outside a checkout: no EbpfCat.sln above " + AppContext.BaseDirectory);
        var source = Path.Combine(root, "benchmarks", "Programs", "c", name + ".c");
        var dir = Directory.CreateTempSubdirectory("ebpfcat-bench-obj-").FullName;
        try
        {
            var path = Path.Combine(dir, name + ".o");
            var (code, _, error) = ExternalCommand.Run("clang-19", "-O2", "-g", "-target", "bpf", "-mcpu=v4", "-I/usr/include/x86_64-linux-gnu", "-c", source, "-o", path);
            Assert.True(code == 0, error);

            using var fs = TemporaryBpfFs.Mount();
            var pin = Path.Combine(fs.Path, name);
            var (loadCode, output, loadError) = ExternalCommand.Run("bpftool", "prog", "load", path, pin);
            Assert.True(loadCode == 0, $"bpftool prog load failed: {output}{loadError}");
            using var byBpftool = BpfProgram.OpenPinned(pin);
            using var ours = ElfObjectReader.Read(File.ReadAllBytes(path), path).Load();
            Assert.Equal(byBpftool.Info.Tag, ours.Program.Info.Tag);

            foreach (var frame in Frames())
            {
                var expected = byBpftool.TestRun(frame);
                var actual = ours.Program.TestRun(frame);
                Assert.Equal((expected.ReturnValue, Convert.ToHexString(expected.Data)), (actual.ReturnValue, Convert.ToHexString(actual.Data)));
            }
            // libbpf names a global-data map after the object (count.bss); ours keeps the section's name (.bss)
            var theirs = byBpftool.Info.MapIds.Select(BpfMap.OpenById).ToList();
            try
            {
                foreach (var (section, map) in ours.Maps)
                {
                    var twin = Assert.Single(theirs, m => m.Info.Name.EndsWith(section, StringComparison.Ordinal));
                    Assert.Equal(Convert.ToHexString(twin.Lookup(new byte[4])!), Convert.ToHexString(map.Lookup(new byte[4])!));
                }
                Assert.Equal(theirs.Count, ours.Maps.Count);
            }
            finally { foreach (var m in theirs) m.Dispose(); }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

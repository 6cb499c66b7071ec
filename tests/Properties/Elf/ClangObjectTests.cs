using EbpfCat.Elf;
using EbpfCat.Loader;
using EbpfCat.Properties.Reference;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Elf;

/// <summary>clang-built objects load through our reader, libbpf-free, and run as they do when bpftool (libbpf) loads them.</summary>
public sealed class ClangObjectTests
{
    const string Source = """
        #include <linux/bpf.h>
        #define SEC(name) __attribute__((section(name), used))
        #define __uint(name, val) int (*name)[val]
        #define __type(name, val) typeof(val) *name
        static long (*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;

        struct {
            __uint(type, BPF_MAP_TYPE_HASH);
            __type(key, __u32);
            __type(value, __u64);
            __uint(max_entries, 16);
        } seen SEC(".maps");

        __u64 packets;                 /* .bss */
        volatile __u32 verdict = 2;    /* .data */

        static __attribute__((noinline)) int classify(__u32 length)
        {
            return length > 100 ? 1 : (int)verdict;
        }

        SEC("xdp")
        int count_and_classify(struct xdp_md *ctx)
        {
            __u32 key = 7;
            packets += 1;
            if (bpf_map_lookup_elem(&seen, &key)) return 3;
            return classify(ctx->data_end - ctx->data);
        }

        char _license[] SEC("license") = "GPL";
        """;

    static string Compile()
    {
        ClangReference.RequireTools();
        var dir = Directory.CreateTempSubdirectory("ebpfcat-clang-").FullName;
        File.WriteAllText(Path.Combine(dir, "prog.c"), Source);
        var output = Path.Combine(dir, "prog.o");
        var (code, _, error) = ExternalCommand.Run("clang-19", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", "-c", Path.Combine(dir, "prog.c"), "-o", output);
        Assert.True(code == 0, error);
        return output;
    }

    [Fact]
    public void Our_reader_finds_the_program_its_maps_and_its_callee()
    {
        ClangReference.RequireTools();
        var file = ElfObjectReader.Read(File.ReadAllBytes(Compile()), "prog.o");
        var program = Assert.Single(file.Programs);
        Assert.Equal(("xdp", "count_and_classify", ProgramType.Xdp, "GPL"), (program.Section, program.Name, program.Type, file.License));
        Assert.Contains(file.Maps, m => m.Name == "seen" && m.Definition is { Type: EbpfCat.Maps.MapType.Hash, KeySize: 4, ValueSize: 8, MaxEntries: 16 });
        Assert.Contains(file.Maps, m => m.Name == ".bss" && m.Storage == BpfObjectMapStorage.GlobalData);
        Assert.Contains(file.Maps, m => m.Name == ".data" && m.InitialValue.SequenceEqual(BitConverter.GetBytes(2)));
        Assert.Contains(program.Instructions, i => i.Opcode.IsJump && i.Opcode.JumpOperation == EbpfCat.Isa.JumpOperation.Call && i.CallKind == EbpfCat.Isa.CallKind.Local);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(200)]
    public void A_clang_object_runs_the_same_through_our_reader_as_through_bpftool(int length)
    {
        KernelRequirement.Require();
        var path = Compile();
        using var fs = TemporaryBpfFs.Mount();
        var pin = Path.Combine(fs.Path, "prog");
        var (code, output, error) = ExternalCommand.Run("bpftool", "prog", "load", path, pin);
        Assert.True(code == 0, $"bpftool prog load failed: {output}{error}");
        using var byBpftool = BpfProgram.OpenPinned(pin);
        using var ours = ElfObjectReader.Read(File.ReadAllBytes(path), path).Load();
        var packet = new byte[length];
        var expected = byBpftool.TestRun(packet);
        var actual = ours.Program.TestRun(packet);
        Assert.Equal(length > 100 ? 1u : 2u, actual.ReturnValue);
        Assert.Equal(expected.ReturnValue, actual.ReturnValue);
        Assert.Equal(expected.Data, actual.Data);
        Assert.Equal(1L, BitConverter.ToInt64(ours.Maps[".bss"].Lookup(new byte[4])!));
    }
}

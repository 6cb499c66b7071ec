using System.Diagnostics;
using Xunit;
namespace EbpfCat.Properties.AssemblerTests;

using EbpfCat.FSharp;
using EbpfCat.Properties.Conformance;

/// <summary>The uBPF dialect: every program of the bpf_conformance suite, and each mnemonic
/// against the LLVM-dialect line that means the same instruction.</summary>
public sealed class UbpfDialectTests
{
    const string NoSuite = "(bpf_conformance suite not found)";

    /// <summary>Every <c>.data</c> file of the suite, or one placeholder row that skips (or fails under
    /// EBPFCAT_REQUIRE_KERNEL=1) when the suite is not there.</summary>
    public static TheoryData<string> ConformanceFiles()
    {
        var names = ConformanceFile.FileNames();
        return names.Count > 0 ? new TheoryData<string>(names) : new TheoryData<string>(NoSuite);
    }

    static ConformanceFile Load(string name)
    {
        if (name == NoSuite || ConformanceFile.FindDirectory() is not { } dir)
        {
            Prerequisite.Missing($"the bpf_conformance tests were not found; set {ConformanceFile.DirectoryVariable}");
            throw new UnreachableException();
        }
        return ConformanceFile.Load(Path.Combine(dir, name));
    }

    [Theory]
    [MemberData(nameof(ConformanceFiles))]
    public void Every_conformance_program_assembles(string name)
    {
        var file = Load(name);

        var program = Assembler.AssembleUbpf(file.Asm, name);

        Assert.NotEmpty(program);
    }

    [Fact]
    public void The_raw_bytes_a_conformance_file_pins_are_the_bytes_we_assemble()
    {
        var names = ConformanceFile.FileNames();
        if (names.Count == 0) Load(NoSuite);
        var files = names.Select(Load).Where(f => f.Raw is not null).ToList();

        Assert.NotEmpty(files);
        foreach (var file in files)
            Assert.Equal(Hex.Format(file.Raw!), Hex.Format(Assembler.AssembleUbpfBytes(file.Asm, file.Name)));
    }

    /// <summary>(uBPF line, LLVM line) pairs that must encode alike.</summary>
    public static readonly TheoryData<string, string> SameInstruction = new()
    {
        { "mov32 %r0, 0", "w0 = 0x0" },
        { "mov %r1, %r2", "r1 = r2" },
        { "mov64 %r1, -1", "r1 = -0x1" },
        { "add32 %r0, -3", "w0 += -0x3" },
        { "sub %r1, %r2", "r1 -= r2" },
        { "mul32 %r1, 7", "w1 *= 0x7" },
        { "div %r1, %r2", "r1 /= r2" },
        { "sdiv %r1, %r2", "r1 s/= r2" },
        { "sdiv32 %r1, -2", "w1 s/= -0x2" },
        { "mod32 %r1, 5", "w1 %= 0x5" },
        { "smod %r1, %r2", "r1 s%= r2" },
        { "smod32 %r1, 5", "w1 s%= 0x5" },
        { "or %r1, 0x10", "r1 |= 0x10" },
        { "and32 %r1, %r2", "w1 &= w2" },
        { "xor %r1, %r2", "r1 ^= r2" },
        { "lsh %r1, 3", "r1 <<= 0x3" },
        { "rsh32 %r1, %r2", "w1 >>= w2" },
        { "arsh32 %r0, 3", "w0 s>>= 0x3" },
        { "arsh %r0, %r1", "r0 s>>= r1" },
        { "mov32 %r1, 0x87654321", "w1 = -0x789abcdf" },
        { "neg %r0", "r0 = -r0" },
        { "neg32 %r0", "w0 = -w0" },
        { "movsx832 %r0, %r1", "w0 = (s8)w1" },
        { "movsx1632 %r0, %r1", "w0 = (s16)w1" },
        { "movsx864 %r0, %r1", "r0 = (s8)r1" },
        { "movsx1664 %r0, %r1", "r0 = (s16)r1" },
        { "movsx3264 %r0, %r1", "r0 = (s32)r1" },
        { "le16 %r0", "r0 = le16 r0" },
        { "le64 %r0", "r0 = le64 r0" },
        { "be32 %r0", "r0 = be32 r0" },
        { "swap64 %r0", "r0 = bswap64 r0" },
        { "bswap16 %r0", "r0 = bswap16 r0" },
        { "lddw %r0, 0x123456789abcdef0", "r0 = 0x123456789abcdef0 ll" },
        { "lddw %r0, -1", "r0 = -0x1 ll" },
        { "ldxb %r0, [%r1]", "r0 = *(u8 *)(r1 + 0x0)" },
        { "ldxh %r0, [%r1+2]", "r0 = *(u16 *)(r1 + 0x2)" },
        { "ldxw %r0, [%r1+0x2]", "r0 = *(u32 *)(r1 + 0x2)" },
        { "ldxdw %r1, [%r10-8]", "r1 = *(u64 *)(r10 - 0x8)" },
        { "ldxsb %r0, [%r10-1]", "r0 = *(s8 *)(r10 - 0x1)" },
        { "ldxsh %r0, [%r10-2]", "r0 = *(s16 *)(r10 - 0x2)" },
        { "ldxsw %r0, [%r10-4]", "r0 = *(s32 *)(r10 - 0x4)" },
        { "stb [%r1+2], 0x11", "*(u8 *)(r1 + 0x2) = 0x11" },
        { "sth [%r1+2], -1", "*(u16 *)(r1 + 0x2) = -0x1" },
        { "stw [%r10-4], 5", "*(u32 *)(r10 - 0x4) = 0x5" },
        { "stdw [%r10-8], 5", "*(u64 *)(r10 - 0x8) = 0x5" },
        { "stxb [%r10-1], %r1", "*(u8 *)(r10 - 0x1) = r1" },
        { "stxh [%r10-2], %r1", "*(u16 *)(r10 - 0x2) = r1" },
        { "stxw [%r10-4], %r1", "*(u32 *)(r10 - 0x4) = r1" },
        { "stxdw [%r10-8], %r0", "*(u64 *)(r10 - 0x8) = r0" },
        { "ja +1", "goto +0x1" },
        { "ja -2", "goto -0x2" },
        { "ja32 +1", "gotol +0x1" },
        { "jeq %r1, 3, +2", "if r1 == 0x3 goto +0x2" },
        { "jne %r0, %r1, +1", "if r0 != r1 goto +0x1" },
        { "jgt %r1, 3, +1", "if r1 > 0x3 goto +0x1" },
        { "jge %r1, %r2, +1", "if r1 >= r2 goto +0x1" },
        { "jlt %r1, 3, +1", "if r1 < 0x3 goto +0x1" },
        { "jle %r1, %r2, +1", "if r1 <= r2 goto +0x1" },
        { "jset %r1, 8, +1", "if r1 & 0x8 goto +0x1" },
        { "jsgt %r1, -3, +1", "if r1 s> -0x3 goto +0x1" },
        { "jsge %r1, %r2, +1", "if r1 s>= r2 goto +0x1" },
        { "jslt %r1, 3, +1", "if r1 s< 0x3 goto +0x1" },
        { "jsle %r1, %r2, +1", "if r1 s<= r2 goto +0x1" },
        { "jeq32 %r1, 3, +1", "if w1 == 0x3 goto +0x1" },
        { "jne32 %r1, %r2, -1", "if w1 != w2 goto -0x1" },
        { "jsle32 %r1, %r2, -1", "if w1 s<= w2 goto -0x1" },
        { "jset32 %r1, 1, +1", "if w1 & 0x1 goto +0x1" },
        { "call 1", "call 0x1" },
        { "call %r2", "callx r2" },
        { "call local +3", "call local +0x3" },
        { "call runtime 0x1234", "call kfunc 0x1234" },
        { "exit", "exit" },
        { "lock add [%r1+0], %r2", "lock *(u64 *)(r1 + 0x0) += r2" },
        { "lock or [%r1+8], %r2", "lock *(u64 *)(r1 + 0x8) |= r2" },
        { "lock and32 [%r1+0], %r2", "lock *(u32 *)(r1 + 0x0) &= w2" },
        { "lock xor32 [%r1+0], %r2", "lock *(u32 *)(r1 + 0x0) ^= w2" },
        { "lock fetch add [%r1+0], %r2", "r2 = atomic_fetch_add((u64 *)(r1 + 0x0), r2)" },
        { "lock fetch add32 [%r1+0], %r2", "w2 = atomic_fetch_add((u32 *)(r1 + 0x0), w2)" },
        { "lock fetch or [%r1+0], %r2", "r2 = atomic_fetch_or((u64 *)(r1 + 0x0), r2)" },
        { "lock fetch and32 [%r1+0], %r2", "w2 = atomic_fetch_and((u32 *)(r1 + 0x0), w2)" },
        { "lock fetch xor [%r1+0], %r2", "r2 = atomic_fetch_xor((u64 *)(r1 + 0x0), r2)" },
        { "lock xchg [%r10-8], %r1", "r1 = xchg_64(r10 - 0x8, r1)" },
        { "lock xchg32 [%r10-8], %r1", "w1 = xchg32_32(r10 - 0x8, w1)" },
        { "lock cmpxchg [%r10-8], %r1", "r0 = cmpxchg_64(r10 - 0x8, r0, r1)" },
        { "lock cmpxchg32 [%r10-8], %r1", "w0 = cmpxchg32_32(r10 - 0x8, w0, w1)" },
        { "ldabsh 12", "r0 = *(u16 *)skb[0xc]" },
        { "ldindb %r1, 2", "r0 = *(u8 *)skb[r1 + 0x2]" },
    };

    [Theory]
    [MemberData(nameof(SameInstruction))]
    public void A_ubpf_mnemonic_encodes_like_its_llvm_spelling(string ubpf, string llvm)
        => Assert.Equal(Hex.Format(Assembler.AssembleBytes(llvm)), Hex.Format(Assembler.AssembleUbpfBytes(ubpf)));
}

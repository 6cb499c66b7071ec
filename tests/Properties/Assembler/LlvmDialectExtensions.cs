using Xunit;
namespace EbpfCat.Properties.AssemblerTests;

using EbpfCat.FSharp;

/// <summary>The forms the LLVM dialect reads beyond llvm-mc-19: EbpfCat's spellings of local calls,
/// kfunc calls and pseudo loads, and llvm-objdump output that llvm-mc cannot read back.</summary>
public sealed class LlvmDialectExtensions
{
    /// <summary>(line, bytes) pairs; the bytes follow from the field layout in the comments.</summary>
    public static readonly TheoryData<string, string> Encodings = new()
    {
        // Local call: src 1, imm = slots from the next instruction.
        { "call local +0x3", "85 10 00 00 03 00 00 00" },
        { "call local -0x5", "85 10 00 00 fb ff ff ff" },
        // kfunc call: src 2, imm = BTF id, off = index of the module BTF in the fd array.
        { "call kfunc 0x1234", "85 20 00 00 34 12 00 00" },
        { "call kfunc 0x1234, 0x1", "85 20 01 00 34 12 00 00" },
        // lddw with a pseudo source in the src nibble (1..6); map_value and map_idx_value put the offset in the upper half.
        { "r1 = map_fd(0x3) ll", "18 11 00 00 03 00 00 00 00 00 00 00 00 00 00 00" },
        { "r1 = map_value(0x3) + 0x8 ll", "18 21 00 00 03 00 00 00 00 00 00 00 08 00 00 00" },
        { "r1 = map_value(0x3) - 0x8 ll", "18 21 00 00 03 00 00 00 00 00 00 00 f8 ff ff ff" },
        { "r1 = btf_id(0x10) ll", "18 31 00 00 10 00 00 00 00 00 00 00 00 00 00 00" },
        // A kernel variable in a module's BTF: the fd-array index of that BTF goes in the upper half.
        { "r1 = btf_id(0x1234, 0x5) ll", "18 31 00 00 34 12 00 00 00 00 00 00 05 00 00 00" },
        { "r1 = func(+0x4) ll", "18 41 00 00 04 00 00 00 00 00 00 00 00 00 00 00" },
        { "r1 = map_idx(0x0) ll", "18 51 00 00 00 00 00 00 00 00 00 00 00 00 00 00" },
        { "r1 = map_idx_value(0x0) + 0x8 ll", "18 61 00 00 00 00 00 00 00 00 00 00 08 00 00 00" },
        // llvm-objdump prints these, but llvm-mc-19 rejects a gotol beyond 16 bits and drops skb's immediate.
        { "gotol +0x10000", "06 00 00 00 00 00 01 00" },
        { "r0 = *(u16 *)skb[r1 + 0x2]", "48 10 00 00 02 00 00 00" },
        { "r0 = *(u32 *)skb[r1 - 0x4]", "40 10 00 00 fc ff ff ff" },
        // llvm-objdump's annotation of the target is skipped.
        { "if r3 > r2 goto +0x20 <.text+0x238>", "2d 23 20 00 00 00 00 00" },
        { "goto -0x1 <LBB0_1>", "05 00 ff ff 00 00 00 00" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void An_ebpfcat_form_assembles_to_its_documented_fields(string line, string hex)
        => Assert.Equal(Hex.Parse(hex), Hex.Format(Assembler.AssembleBytes(line)));

    [Theory]
    [InlineData("r1 = map_fd(0x3) ll", "ld_pseudo r1, 0x1, 0x3")]
    [InlineData("r2 = map_idx(0x0) ll", "ld_pseudo r2, 0x5, 0x0")]
    [InlineData("r1 = btf_id(0x10) ll", "ld_pseudo r1, 0x3, 0x10")]
    public void A_pseudo_load_equals_llvms_ld_pseudo(string ours, string llvm)
        => Assert.Equal(Assembler.AssembleBytes(llvm), Assembler.AssembleBytes(ours));
}

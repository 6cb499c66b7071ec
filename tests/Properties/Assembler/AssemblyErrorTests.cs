using Xunit;
namespace EbpfCat.Properties.AssemblerTests;

using EbpfCat.FSharp;

/// <summary>What the assembler reports for text it cannot assemble: where, and why, on one line.</summary>
public sealed class AssemblyErrorTests
{
    /// <summary>(text, line, column, reason): the reason is the whole message after the position.</summary>
    public static readonly TheoryData<string, int, int, string> LlvmErrors = new()
    {
        { "r0 = 0x1\nr1 += x\n", 2, 7, "expected a register or an immediate, found 'x'" },
        { "r0 = ", 1, 6, "expected a register, an immediate, a load or an operation, found end of input" },
        { "w1 += r2", 1, 7, "expected a 32-bit register or an immediate, found 'r2'" },
        { "r1 = *(u16 *)(r1 ^ 0x2)", 1, 18, "expected '+' or '-' and an offset, found '^'" },
        { "if r1 ~ 0x2 goto +1", 1, 7, "expected a comparison (==, !=, >, >=, <, <=, s>, s>=, s<, s<= or &), found '~'" },
        { "exit now", 1, 6, "expected end of line, found 'now'" },
        { "r11 = 0x1", 1, 1, "r11 is not a register; there are r0 to r10" },
        { "r1 = r12", 1, 6, "r12 is not a register; there are r0 to r10" },
        { "frobnicate r1", 1, 1, "unknown instruction 'frobnicate'" },
        { "  goto nowhere", 1, 8, "unknown label 'nowhere'" },
        { "a:\nexit\n a:\nexit", 3, 2, "label 'a' is already defined at line 1" },
        { "goto +0x8000", 1, 6, "the offset 32768 is beyond the 16-bit offset range (-32768..32767)" },
        { "r1 = *(u64 *)(r1 + 0x8000)", 1, 18, "the offset 32768 is beyond the 16-bit offset range (-32768..32767)" },
        { "r1 = 0x100000000", 1, 6, "4294967296 does not fit in a 32-bit immediate" },
        { "r1 = -r2", 1, 7, "negation works in place: the operand must be the destination register" },
        { "r1 = cmpxchg_64(r7 + 0x0, r0, r3)", 1, 6, "cmpxchg returns the old value in r0" },
        { "w1 = 0x1 ll", 1, 6, "a 64-bit immediate load writes a 64-bit register: use r, not w" },
        { "r0 = 0x0\nw1 = (s32)w2", 2, 1, "invalid instruction: a sign-extending move extends from 8 or 16 bits, not 32" },
        { "lock *(u8 *)(r1 + 0x0) += r2", 1, 1, "invalid instruction: atomic operations are 4 or 8 bytes wide" },
    };

    [Theory]
    [MemberData(nameof(LlvmErrors))]
    public void An_llvm_error_names_line_column_and_reason(string text, int line, int column, string reason)
    {
        var e = Assert.Throws<AssemblyException>(() => Assembler.Assemble(text));

        Assert.Equal((line, column, reason), (e.Line, e.Column, e.Reason));
        Assert.Equal($"<input>:{line}:{column}: {reason}", e.Message);
    }

    public static readonly TheoryData<string, int, int, string> UbpfErrors = new()
    {
        { "mov %r0, 1\njne %r0, 0, nowhere\nexit", 2, 13, "unknown label 'nowhere'" },
        { "frob %r1", 1, 1, "unknown mnemonic 'frob'" },
        { "mov %r11, 1", 1, 5, "%r11 is not a register; there are %r0 to %r10" },
        { "ldxdw %r0, [%r1+40000]", 1, 16, "the offset 40000 is beyond the 16-bit offset range (-32768..32767)" },
        { "add %r0 1", 1, 9, "expected ',', found '1'" },
    };

    [Theory]
    [MemberData(nameof(UbpfErrors))]
    public void A_ubpf_error_names_line_column_and_reason(string text, int line, int column, string reason)
    {
        var e = Assert.Throws<AssemblyException>(() => Assembler.AssembleUbpf(text));

        Assert.Equal((line, column, reason), (e.Line, e.Column, e.Reason));
    }

    [Fact]
    public void A_label_beyond_the_16_bit_range_is_reported_where_it_is_used()
    {
        var text = "  goto far\n" + string.Concat(Enumerable.Repeat("r0 = 0x0\n", 32768)) + "far:\nexit\n";

        var e = Assert.Throws<AssemblyException>(() => Assembler.Assemble(text));

        Assert.Equal((1, 8), (e.Line, e.Column));
        Assert.Equal("label 'far' is 32768 slots away, beyond the 16-bit jump offset range (-32768..32767)", e.Reason);
    }

    [Fact]
    public void The_file_name_leads_the_message_and_is_kept()
    {
        var e = Assert.Throws<AssemblyException>(() => Assembler.Assemble("r0 = 0x0\nr0 =", "prog.s"));

        Assert.Equal("prog.s", e.File);
        Assert.StartsWith("prog.s:2:5: expected ", e.Message);
    }

    [Fact]
    public void Without_a_file_name_the_file_is_null_and_an_ebpfcat_exception_is_thrown()
    {
        var e = Assert.Throws<AssemblyException>(() => Assembler.Assemble("exit exit"));

        Assert.Null(e.File);
        Assert.IsAssignableFrom<EbpfCatException>(e);
    }
}

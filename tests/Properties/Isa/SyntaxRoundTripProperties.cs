using EbpfCat.FSharp;
using EbpfCat.Isa;
using EbpfCat.Properties.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace EbpfCat.Properties.Isa;

/// <summary>The disassembler and the assembler speak one language: text and bytes convert both ways without loss.</summary>
[Properties(Arbitrary = [typeof(InstructionGenerators)], MaxTest = 500)]
public sealed class SyntaxRoundTripProperties
{
    [Property]
    public Property Assembling_the_disassembly_of_any_valid_program_gives_back_its_bytes(Instruction[] program)
    {
        var bytes = InstructionEncoding.Encode(program);
        var text = Disassembler.Disassemble(InstructionEncoding.Decode(bytes));
        return Assembler.AssembleBytes(text).AsSpan().SequenceEqual(bytes).Label(text);
    }

    [Property]
    public Property Disassembling_assembled_canonical_text_gives_back_the_text(Instruction[] program)
    {
        var text = Disassembler.Disassemble(program);
        return (Disassembler.Disassemble(Assembler.Assemble(text)) == text).Label(text);
    }

    [Property]
    public Property Listings_with_slot_indices_assemble_like_plain_text(Instruction[] program)
    {
        var listing = Disassembler.Disassemble(program, new DisassemblyOptions { ShowSlotIndices = true });
        return Assembler.Assemble(listing).SequenceEqual(program).Label(listing);
    }

    public static TheoryData<string, string> NonCanonicalSpellings => new()
    {
        { "r1 += 14", "r1 += 0xe" },
        { "  w0 = -1   ; comment", "w0 = -0x1" },
        { "r2 = *(u32 *)(r1 + 4) // comment", "r2 = *(u32 *)(r1 + 0x4)" },
        { "if r3 > r2 goto +8 # comment", "if r3 > r2 goto +0x8" },
        { "r0 = 0x0000002a", "r0 = 0x2a" },
        { "lock *(u64 *)(r7 + 0) += r2", "lock *(u64 *)(r7 + 0x0) += r2" },
    };

    [Theory, MemberData(nameof(NonCanonicalSpellings))]
    public void Disassembling_assembled_text_gives_the_canonical_spelling(string written, string canonical)
        => Assert.Equal(canonical, Disassembler.Disassemble(Assembler.Assemble(written)));
}

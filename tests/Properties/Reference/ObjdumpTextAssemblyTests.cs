using EbpfCat.FSharp;
using EbpfCat.Isa;
using Xunit;

namespace EbpfCat.Properties.Reference;

/// <summary>Our assembler reads llvm-objdump-19's text of clang-19's code back to the very bytes clang emitted.</summary>
public sealed class ObjdumpTextAssemblyTests(ClangReference clang) : IClassFixture<ClangReference>
{
    public static TheoryData<string, string> Compilations => ClangReferenceTests.Compilations;

    [Theory, MemberData(nameof(Compilations))]
    public void Assembling_llvm_objdumps_text_gives_back_clangs_bytes(string program, string cpu)
    {
        ClangReference.RequireTools();
        var source = ReferencePrograms.All.Single(p => p.Name == program).Source;
        string objectFile = clang.Compile(source, cpu);
        foreach (var section in clang.CodeSections(objectFile))
        {
            var expected = InstructionEncoding.Decode(clang.SectionBytes(objectFile, section));
            // --mcpu=v4 so llvm prints the 32-bit atomics it otherwise shows as <unknown>
            var text = clang.Disassembly(objectFile, section, "v4");
            var assembled = Assembler.Assemble(string.Join('\n', text), $"{program}-{cpu}:{section}");
            Assert.Equal(expected.Length, assembled.Length);
            for (int k = 0; k < expected.Length; k++)
                Assert.Equal(LlvmText(expected[k]), assembled[k]);
        }
    }

    /// <summary>What llvm's text can say: it prints a bpf-to-bpf call like a helper call (<c>call -0x1</c>),
    /// so that one line comes back as a helper call; every other line is lossless.</summary>
    static Instruction LlvmText(Instruction i) => i.Opcode == Opcode.Jump(JumpOperation.Call, OperandSource.Constant) && i.CallKind == CallKind.Local
        ? i with { Source = (Register)CallKind.Helper }
        : i;
}

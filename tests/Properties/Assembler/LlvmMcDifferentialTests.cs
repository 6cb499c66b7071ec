using Xunit;
namespace EbpfCat.Properties.AssemblerTests;

using EbpfCat.FSharp;

/// <summary>One program with every form llvm-mc-19 reads, assembled by llvm-mc-19 live and by us.</summary>
public sealed class LlvmMcDifferentialTests
{
    // Jumps to labels, forward and backward, over a two-slot lddw; llvm-mc resolves them itself.
    const string Labels = """
        start:
          r1 = 0x1 ll
          if r1 > 0x3 goto done
          if w1 s< w2 goto start
          goto start
          gotol done
        # a comment line, as llvm-mc reads them
        done:
          exit
        """;

    [Fact]
    public void Our_bytes_equal_llvm_mc_for_a_program_with_every_form()
    {
        var llvmMc = LlvmTools.Find("llvm-mc-19");
        var llvmObjcopy = LlvmTools.Find("llvm-objcopy-19");
        if (llvmMc is null || llvmObjcopy is null)
        {
            Prerequisite.Missing("llvm-mc-19 and llvm-objcopy-19 are needed on PATH (apt install llvm-19)");
            return;
        }
        var lines = LlvmDialectTable.LlvmMcEncodings.Select(row => row.Data.Item1);
        var program = string.Join('\n', lines) + "\n" + Labels + "\n";

        var theirs = LlvmTools.Assemble(llvmMc, llvmObjcopy, program);

        Assert.Equal(Hex.Format(theirs), Hex.Format(Assembler.AssembleBytes(program)));
    }
}

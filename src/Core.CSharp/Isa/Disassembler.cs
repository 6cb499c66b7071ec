namespace EbpfCat.Isa;

/// <summary>Prints instructions in the syntax of llvm-objdump-19 for the BPF target.</summary>
public static class Disassembler
{
    /// <summary>One instruction as llvm-objdump prints it (jumps as relative offsets).</summary>
    public static string Format(Instruction instruction) => $"<{instruction.Opcode}>";
}

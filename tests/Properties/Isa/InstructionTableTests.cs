using EbpfCat.Isa;
using Xunit;

namespace EbpfCat.Properties.Isa;

/// <summary>Each form of the instruction set decodes, encodes and prints exactly as the table says.</summary>
public sealed class InstructionTableTests
{
    [Theory, MemberData(nameof(InstructionTable.Rows), MemberType = typeof(InstructionTable))]
    public void Bytes_decode_to_the_instruction(string hex, Instruction instruction, string text)
    {
        _ = text;
        Assert.Equal([instruction], InstructionEncoding.Decode(InstructionTable.Bytes(hex)));
    }

    [Theory, MemberData(nameof(InstructionTable.Rows), MemberType = typeof(InstructionTable))]
    public void The_instruction_encodes_to_the_bytes(string hex, Instruction instruction, string text)
    {
        _ = text;
        Assert.Equal(hex, InstructionTable.Hex(InstructionEncoding.Encode([instruction])));
    }

    [Theory, MemberData(nameof(InstructionTable.Rows), MemberType = typeof(InstructionTable))]
    public void The_instruction_prints_as_llvm_objdump_does_or_as_documented(string hex, Instruction instruction, string text)
    {
        _ = hex;
        Assert.Equal(text, Disassembler.Format(instruction));
    }

    [Theory, MemberData(nameof(InstructionTable.Rows), MemberType = typeof(InstructionTable))]
    public void The_instruction_is_valid(string hex, Instruction instruction, string text)
    {
        _ = (hex, text);
        Assert.Null(instruction.Validate());
    }

    [Fact]
    public void Every_row_has_its_own_text()
    {
        var texts = Rows().Select(r => r.Text).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
    }

    [Fact]
    public void Every_valid_opcode_has_a_row()
    {
        var covered = Rows().Select(r => r.Instruction.Opcode.Value).ToHashSet();
        var missing = Enumerable.Range(0, 256).Where(op => IsValidOpcode((byte)op) && !covered.Contains((byte)op)).Select(op => $"0x{op:x2}");
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_pseudo_source_call_kind_and_atomic_operation_has_a_row()
    {
        var rows = Rows().Select(r => r.Instruction).ToList();
        foreach (var source in Enum.GetValues<PseudoSource>())
            Assert.Contains(rows, i => i.IsWide && i.PseudoSource == source);
        foreach (var kind in Enum.GetValues<CallKind>())
            Assert.Contains(rows, i => i.Opcode == Opcode.Jump(JumpOperation.Call, OperandSource.Constant) && i.CallKind == kind);
        foreach (var size in new[] { AccessSize.Word, AccessSize.DoubleWord })
            foreach (var operation in Enum.GetValues<AtomicOperation>().Where(o => o != AtomicOperation.Fetch))
                Assert.Contains(rows, i => i.Opcode == Opcode.Memory(InstructionClass.Stx, size, AccessMode.Atomic) && i.Immediate == (int)operation);
    }

    internal static IEnumerable<(string Hex, Instruction Instruction, string Text)> Rows()
        => InstructionTable.Rows.Select(row => ((ITheoryDataRow)row).GetData()).Select(d => ((string)d[0]!, (Instruction)d[1]!, (string)d[2]!));

    // An opcode is valid when some choice of the other fields makes a valid instruction; these few
    // values reach every form (byte-swap widths, signed and sign-extending offsets, atomic immediates).
    static bool IsValidOpcode(byte opcode) =>
        (from src in new byte[] { 0, 1, 2 }
         from offset in new short[] { 0, 1, 8 }
         from immediate in new long[] { 0, 1, 16 }
         select new Instruction(new Opcode(opcode), Register.R1, (Register)src, offset, immediate))
        .Any(i => i.Validate() is null);
}

using EbpfCat.Isa;
using EbpfCat.Properties.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EbpfCat.Properties.Isa;

/// <summary>Round trips and printing hold for every valid instruction and program.</summary>
[Properties(Arbitrary = [typeof(InstructionGenerators)], MaxTest = 500)]
public sealed class InstructionProperties
{
    [Property]
    public bool Every_generated_instruction_is_valid(Instruction instruction) => instruction.Validate() is null;

    [Property]
    public bool Decoding_an_encoded_instruction_gives_it_back(Instruction instruction)
        => InstructionEncoding.Decode(InstructionEncoding.Encode([instruction])) is [var decoded] && decoded == instruction;

    [Property]
    public bool Decoding_an_encoded_program_gives_it_back(Instruction[] program)
        => InstructionEncoding.Decode(InstructionEncoding.Encode(program)).SequenceEqual(program);

    [Property]
    public bool Encoding_decoded_bytes_gives_the_same_bytes(Instruction[] program)
    {
        var bytes = InstructionEncoding.Encode(program);
        return InstructionEncoding.Encode(InstructionEncoding.Decode(bytes)).AsSpan().SequenceEqual(bytes);
    }

    [Property]
    public bool The_encoding_takes_eight_bytes_per_slot(Instruction[] program)
        => InstructionEncoding.Encode(program).Length == 8 * program.Sum(i => i.Slots);

    [Property]
    public Property Every_valid_instruction_prints_as_one_known_line(Instruction instruction)
    {
        var text = Disassembler.Format(instruction);
        return (text.Length > 0 && !text.Contains('\n') && !text.StartsWith('<') && text == text.Trim() && text == instruction.ToString())
            .Label(text);
    }

    [Property]
    public Property A_change_to_any_field_changes_the_text(Instruction instruction)
    {
        // The text must be lossless: every valid neighbour of an instruction prints differently.
        var text = Disassembler.Format(instruction);
        var clash = Neighbours(instruction).FirstOrDefault(n => n.Validate() is null && n != instruction && Disassembler.Format(n) == text);
        return (clash == default).Label($"{instruction} and {clash.Opcode} {clash.Destination} {clash.Source} {clash.Offset} {clash.Immediate} print alike");
    }

    [Property]
    public bool A_program_prints_one_line_per_instruction(Instruction[] program)
        => Disassembler.Disassemble(program).Split('\n').Length == Math.Max(1, program.Length);

    [Property]
    public bool Slot_indices_count_the_slots_before_each_instruction(Instruction[] program)
    {
        var lines = Disassembler.Disassemble(program, new DisassemblyOptions { ShowSlotIndices = true }).Split('\n');
        int slot = 0;
        for (int k = 0; k < program.Length; k++)
        {
            if (!lines[k].TrimStart().StartsWith($"{slot}: ", StringComparison.Ordinal)) return false;
            slot += program[k].Slots;
        }
        return true;
    }

    static IEnumerable<Instruction> Neighbours(Instruction i)
    {
        for (int bit = 0; bit < 8; bit++) yield return i with { Opcode = new Opcode((byte)(i.Opcode.Value ^ (1 << bit))) };
        for (int bit = 0; bit < 4; bit++)
        {
            yield return i with { Destination = (Register)((byte)i.Destination ^ (1 << bit)) };
            yield return i with { Source = (Register)((byte)i.Source ^ (1 << bit)) };
        }
        for (int bit = 0; bit < 16; bit++) yield return i with { Offset = (short)(i.Offset ^ (1 << bit)) };
        for (int bit = 0; bit < 64; bit++) yield return i with { Immediate = i.Immediate ^ (1L << bit) };
    }
}

using EbpfCat.Isa;
using Xunit;

namespace EbpfCat.Properties.Isa;

/// <summary>Bytes that are not eBPF are rejected with the index of the offending slot and the reason.</summary>
public sealed class InvalidEncodingTests
{
    const string Exit = "95 00 00 00 00 00 00 00";
    const string Lddw = "18 01 00 00 01 00 00 00 00 00 00 00 00 00 00 00";

    /// <summary>(what is wrong, bytes, slot index, a fragment of the reason).</summary>
    public static TheoryData<string, string, int, string> Rows => new()
    {
        { "length not a multiple of 8", Exit + " 00", 1, "not a multiple of 8" },
        { "length shorter than a slot", "95 00 00", 0, "not a multiple of 8" },
        { "unknown arithmetic operation", "e7 01 00 00 00 00 00 00", 0, "unknown arithmetic operation 0xe" },
        { "unknown jump operation", "e5 01 00 00 00 00 00 00", 0, "unknown jump operation 0xe" },
        { "call in the JMP32 class", "86 00 00 00 01 00 00 00", 0, "call exists only in the JMP class" },
        { "exit in the JMP32 class", "96 00 00 00 00 00 00 00", 0, "exit exists only in the JMP class" },
        { "LD class in memory mode", "60 01 00 00 00 00 00 00", 0, "LD class has no" },
        { "LDX class in atomic mode", "c1 01 00 00 00 00 00 00", 0, "LDX class has no" },
        { "ST class in atomic mode", "c2 01 00 00 00 00 00 00", 0, "ST class has no" },
        { "STX class in sign-extending mode", "83 01 00 00 00 00 00 00", 0, "STX class has no" },
        { "destination register r11", "b7 0b 00 00 00 00 00 00", 0, "destination register r11 does not exist" },
        { "source register r15", "bf f1 00 00 00 00 00 00", 0, "source register r15 does not exist" },
        { "load from register r12", "61 c1 00 00 00 00 00 00", 0, "source register r12 does not exist" },
        { "immediate operand with a source register", "07 21 00 00 01 00 00 00", 0, "reserved source register" },
        { "register operand with an immediate", "0f 21 00 00 01 00 00 00", 0, "reserved immediate" },
        { "arithmetic with an offset", "07 01 01 00 01 00 00 00", 0, "reserved offset" },
        { "signed division with offset 2", "3f 21 02 00 00 00 00 00", 0, "must be 0 (unsigned) or 1 (signed)" },
        { "sign-extending move from 4 bits", "bf 21 04 00 00 00 00 00", 0, "not 4" },
        { "32-bit sign-extending move from 32 bits", "bc 21 20 00 00 00 00 00", 0, "not 32" },
        { "sign-extending move of an immediate", "b7 01 08 00 00 00 00 00", 0, "takes a register operand" },
        { "neg with an immediate", "87 01 00 00 01 00 00 00", 0, "neg has reserved" },
        { "neg of a register", "8f 21 00 00 00 00 00 00", 0, "neg takes no source operand" },
        { "byte swap to 8 bits", "d4 01 00 00 08 00 00 00", 0, "byte swap width must be 16, 32 or 64, not 8" },
        { "64-bit byte swap in register form", "df 01 00 00 10 00 00 00", 0, "no register form" },
        { "byte swap with a source register", "dc 21 00 00 10 00 00 00", 0, "reserved source and offset" },
        { "goto with an immediate", "05 00 01 00 01 00 00 00", 0, "goto has a reserved immediate" },
        { "goto with a register", "05 01 01 00 00 00 00 00", 0, "reserved register fields" },
        { "gotol with an offset", "06 00 01 00 01 00 00 00", 0, "offset field must be 0" },
        { "jump comparing registers with an immediate", "1d 21 01 00 01 00 00 00", 0, "reserved immediate" },
        { "jump comparing an immediate with a source register", "15 21 01 00 01 00 00 00", 0, "reserved source register" },
        { "helper call with an offset", "85 00 01 00 01 00 00 00", 0, "reserved offset" },
        { "call with a destination register", "85 01 00 00 01 00 00 00", 0, "reserved destination" },
        { "unknown call kind", "85 30 00 00 01 00 00 00", 0, "unknown call kind 3" },
        { "callx with an immediate", "8d 01 00 00 01 00 00 00", 0, "callx has reserved" },
        { "exit with an immediate", "95 00 00 00 01 00 00 00", 0, "exit has reserved fields" },
        { "load with an immediate", "61 21 00 00 01 00 00 00", 0, "a load has a reserved immediate" },
        { "sign-extending load of 8 bytes", "99 21 00 00 00 00 00 00", 0, "1, 2 or 4 bytes wide" },
        { "store of an immediate with a source register", "62 21 00 00 01 00 00 00", 0, "reserved source register" },
        { "store of a register with an immediate", "63 21 00 00 01 00 00 00", 0, "reserved immediate" },
        { "atomic on a byte", "d3 21 00 00 00 00 00 00", 0, "4 or 8 bytes wide" },
        { "unknown atomic operation", "db 21 00 00 02 00 00 00", 0, "unknown atomic operation 0x2" },
        { "atomic subtraction", "db 21 00 00 10 00 00 00", 0, "unknown atomic operation 0x10" },
        { "lddw as the last slot", Exit + " 18 01 00 00 01 00 00 00", 1, "lddw needs a second slot" },
        { "lddw with a second slot that has an opcode", "18 01 00 00 01 00 00 00 95 00 00 00 00 00 00 00", 1, "second slot of lddw" },
        { "lddw with a second slot that has registers", "18 01 00 00 01 00 00 00 00 01 00 00 00 00 00 00", 1, "second slot of lddw" },
        { "lddw with an offset", "18 01 01 00 01 00 00 00 00 00 00 00 00 00 00 00", 0, "lddw has a reserved offset" },
        { "lddw with an unknown pseudo source", "18 71 00 00 01 00 00 00 00 00 00 00 00 00 00 00", 0, "unknown pseudo source 7" },
        { "map fd with a second-slot immediate", "18 11 00 00 01 00 00 00 00 00 00 00 01 00 00 00", 0, "reserved second-slot immediate" },
        { "32-bit immediate load", "00 01 00 00 01 00 00 00", 0, "only as the 64-bit lddw" },
        { "legacy load of 8 bytes", "38 00 00 00 01 00 00 00", 0, "1, 2 or 4 bytes wide" },
        { "legacy load into r1", "20 01 00 00 01 00 00 00", 0, "reserved destination and offset" },
        { "absolute legacy load with a source register", "20 10 00 00 01 00 00 00", 0, "reserved source register" },
        { "bad instruction after a lddw counts both its slots", Lddw + " " + Exit + " ff 00 00 00 00 00 00 00", 3, "unknown arithmetic operation" },
    };

    [Theory, MemberData(nameof(Rows))]
    public void Decoding_rejects_it_naming_the_slot_and_the_reason(string problem, string hex, int slot, string reason)
    {
        _ = problem;
        var error = Assert.Throws<InvalidInstructionException>(() => InstructionEncoding.Decode(InstructionTable.Bytes(hex)));
        Assert.Equal(slot, error.Index);
        Assert.Contains(reason, error.Reason);
        Assert.Equal($"instruction {slot}: {error.Reason}", error.Message);
    }

    [Theory, MemberData(nameof(Rows))]
    public void An_invalid_instruction_still_prints_on_one_line(string problem, string hex, int slot, string reason)
    {
        _ = (problem, reason);
        var bytes = InstructionTable.Bytes(hex);
        if (bytes.Length % InstructionEncoding.SlotSize != 0 || slot * 8 + 8 > bytes.Length) return;
        var s = bytes.AsSpan(slot * 8, 8);
        var fields = new Instruction(new Opcode(s[0]), (Register)(s[1] & 0xf), (Register)(s[1] >> 4),
            BitConverter.ToInt16(s[2..]), BitConverter.ToInt32(s[4..]));
        if (fields.Validate() is null) return; // the fault is in the framing (a lddw's second slot), not in these fields
        Assert.StartsWith("<unknown opcode ", Disassembler.Format(fields));
    }

    [Fact]
    public void An_empty_program_decodes_to_no_instructions() => Assert.Empty(InstructionEncoding.Decode([]));
}

using System.Buffers.Binary;

namespace EbpfCat.Isa;

/// <summary>Encodes instructions as the kernel's 8-byte slots (little endian) and decodes them back, exactly.</summary>
/// <example><code>
/// byte[] bytes = InstructionEncoding.Encode([AluOperation.Mov.Imm(Register.R0, 2), Instruction.Exit()]);
/// Instruction[] again = InstructionEncoding.Decode(bytes);
/// </code></example>
public static class InstructionEncoding
{
    /// <summary>The size of one slot in bytes.</summary>
    public const int SlotSize = 8;

    /// <summary>The number of 8-byte slots the instructions take.</summary>
    public static int SlotCount(ReadOnlySpan<Instruction> instructions)
    {
        int n = 0;
        foreach (var i in instructions) n += i.Slots;
        return n;
    }

    /// <summary>The instructions as bytes; invalid instructions are encoded as they are (validate first if it matters).</summary>
    public static byte[] Encode(ReadOnlySpan<Instruction> instructions)
    {
        var bytes = new byte[SlotCount(instructions) * SlotSize];
        Encode(instructions, bytes);
        return bytes;
    }

    /// <summary>Writes the instructions into <paramref name="destination"/> and returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<Instruction> instructions, Span<byte> destination)
    {
        int at = 0;
        foreach (var i in instructions)
        {
            WriteSlot(destination.Slice(at, SlotSize), i.Opcode.Value, i.Destination, i.Source, i.Offset, unchecked((int)i.Immediate));
            at += SlotSize;
            if (i.IsWide)
            {
                WriteSlot(destination.Slice(at, SlotSize), 0, 0, 0, 0, (int)(i.Immediate >> 32));
                at += SlotSize;
            }
        }
        return at;
    }

    static void WriteSlot(Span<byte> slot, byte opcode, Register dst, Register src, short offset, int imm)
    {
        slot[0] = opcode;
        slot[1] = (byte)(((byte)src << 4) | ((byte)dst & 0x0f));
        BinaryPrimitives.WriteInt16LittleEndian(slot[2..], offset);
        BinaryPrimitives.WriteInt32LittleEndian(slot[4..], imm);
    }

    /// <summary>Decodes and validates bytecode.</summary>
    /// <exception cref="InvalidInstructionException">The length is not a multiple of 8, an instruction
    /// is invalid, or <c>lddw</c> lacks or misuses its second slot; the slot index says where.</exception>
    public static Instruction[] Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % SlotSize != 0)
            throw new InvalidInstructionException(bytes.Length / SlotSize, $"bytecode is {bytes.Length} bytes long, not a multiple of {SlotSize}");
        var result = new List<Instruction>(bytes.Length / SlotSize);
        for (int slot = 0; slot * SlotSize < bytes.Length; slot++)
        {
            var s = bytes.Slice(slot * SlotSize, SlotSize);
            var opcode = new Opcode(s[0]);
            var dst = (Register)(s[1] & 0x0f);
            var src = (Register)(s[1] >> 4);
            short offset = BinaryPrimitives.ReadInt16LittleEndian(s[2..]);
            long imm = BinaryPrimitives.ReadInt32LittleEndian(s[4..]);
            if (opcode == Opcode.LoadImm64)
            {
                if ((slot + 1) * SlotSize >= bytes.Length)
                    throw new InvalidInstructionException(slot, "lddw needs a second slot, but the program ends");
                var next = bytes.Slice((slot + 1) * SlotSize, SlotSize);
                if (next[0] != 0 || next[1] != 0 || next[2] != 0 || next[3] != 0)
                    throw new InvalidInstructionException(slot + 1, "the second slot of lddw must have opcode, registers and offset 0");
                imm = ((long)BinaryPrimitives.ReadInt32LittleEndian(next[4..]) << 32) | (uint)imm;
            }
            var instruction = new Instruction(opcode, dst, src, offset, imm);
            if (instruction.Validate() is { } reason) throw new InvalidInstructionException(slot, reason);
            result.Add(instruction);
            slot += instruction.Slots - 1;
        }
        return [.. result];
    }
}

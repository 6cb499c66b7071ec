using Xunit;
using EbpfCat.Interpreter;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;
using static EbpfCat.Properties.Interpreter.Asm;

namespace EbpfCat.Properties.Interpreter;

/// <summary>Loads, stores and the bounds of every region: the memory block (r1, length in r2) and the stack (r10).</summary>
public class MemoryAccessTests
{
    static readonly byte[] Bytes = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];
    static readonly byte[] Negative = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80];

    public static TheoryData<string, Instruction, byte[], ulong> Loads => new()
    {
        { "ldxb", Instruction.Load(AccessSize.Byte, R0, R1, 2), Bytes, 0x33 },
        { "ldxh is little endian", Instruction.Load(AccessSize.Half, R0, R1, 1), Bytes, 0x3322 },
        { "ldxw", Instruction.Load(AccessSize.Word, R0, R1, 4), Bytes, 0x8877_6655 },
        { "ldxdw", Instruction.Load(AccessSize.DoubleWord, R0, R1, 0), Bytes, 0x8877_6655_4433_2211 },
        { "ldxb zero-extends", Instruction.Load(AccessSize.Byte, R0, R1, 0), Negative, 0x80 },
        { "ldxw zero-extends", Instruction.Load(AccessSize.Word, R0, R1, 0), Negative, 0x8080_8080 },
        { "ldxsb sign-extends", Instruction.LoadSignExtend(AccessSize.Byte, R0, R1, 0), Negative, 0xffff_ffff_ffff_ff80 },
        { "ldxsh sign-extends", Instruction.LoadSignExtend(AccessSize.Half, R0, R1, 0), Negative, 0xffff_ffff_ffff_8080 },
        { "ldxsw sign-extends", Instruction.LoadSignExtend(AccessSize.Word, R0, R1, 0), Negative, 0xffff_ffff_8080_8080 },
        { "ldxsw positive", Instruction.LoadSignExtend(AccessSize.Word, R0, R1, 0), Bytes, 0x4433_2211 },
        { "the last byte is in bounds", Instruction.Load(AccessSize.Byte, R0, R1, 7), Bytes, 0x88 },
    };

    [Theory]
    [MemberData(nameof(Loads))]
    public void Loads_read_little_endian_and_extend_as_their_mode_says(string name, Instruction load, byte[] memory, ulong expected)
    {
        ulong r0 = Run([load, Instruction.Exit()], memory).ReturnValue;
        Assert.True(expected == r0, $"{name}: expected 0x{expected:x}, got 0x{r0:x}");
    }

    public static TheoryData<string, Instruction, byte[]> Stores => new()
    {
        { "stb", Instruction.Store(AccessSize.Byte, R1, 1, 0x1ab), [0, 0xab, 0, 0, 0, 0, 0, 0] },
        { "sth", Instruction.Store(AccessSize.Half, R1, 2, 0x1234), [0, 0, 0x34, 0x12, 0, 0, 0, 0] },
        { "stw", Instruction.Store(AccessSize.Word, R1, 4, -2), [0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff] },
        { "stdw sign-extends the immediate", Instruction.Store(AccessSize.DoubleWord, R1, 0, -2), [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff] },
        { "stxb", Instruction.Store(AccessSize.Byte, R1, 7, R2), [0, 0, 0, 0, 0, 0, 0, 0x08] },
        { "stxh", Instruction.Store(AccessSize.Half, R1, 0, R2), [0x08, 0, 0, 0, 0, 0, 0, 0] },
        { "stxw", Instruction.Store(AccessSize.Word, R1, 0, R1), [0, 0, 0, 0, 0, 0, 0, 0] },
        { "stxdw", Instruction.Store(AccessSize.DoubleWord, R1, 0, R2), [8, 0, 0, 0, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public void Stores_write_the_low_bytes_little_endian(string name, Instruction store, byte[] expected)
    {
        // r2 holds the memory's length (8); the result carries the memory as the program left it.
        var result = Run([store, Instruction.Exit()], new byte[8]);
        Assert.True(expected.AsSpan().SequenceEqual(result.Memory), $"{name}: got {Convert.ToHexString(result.Memory!)}");
    }

    [Fact]
    public void R1_points_to_the_memory_and_r2_holds_its_length()
    {
        Assert.Equal(5UL, Run([AluOperation.Mov.Reg(R0, R2), Instruction.Exit()], new byte[5]).ReturnValue);
        Assert.Equal(0UL, Run([AluOperation.Mov.Reg(R0, R1), Instruction.Exit()]).ReturnValue);
    }

    [Fact]
    public void The_callers_memory_is_not_changed()
    {
        var memory = new byte[4];
        Run([Instruction.Store(AccessSize.Word, R1, 0, -1), Instruction.Exit()], memory);
        Assert.Equal(new byte[4], memory);
    }

    [Fact]
    public void The_stack_is_512_bytes_below_r10()
    {
        var program = new[]
        {
            Instruction.Store(AccessSize.DoubleWord, R10, -8, 0xcd),
            Instruction.Store(AccessSize.DoubleWord, R10, -512, 0xab),
            Instruction.Load(AccessSize.DoubleWord, R0, R10, -8),
            Instruction.Load(AccessSize.DoubleWord, R1, R10, -512),
            AluOperation.Add.Reg(R0, R1),
            Instruction.Exit(),
        };
        Assert.Equal(0xcdUL + 0xab, Run(program).ReturnValue);
    }

    [Fact]
    public void The_stack_starts_zeroed_in_every_run()
    {
        var interpreter = new BpfInterpreter(
        [
            Instruction.Load(AccessSize.DoubleWord, R0, R10, -8),
            Instruction.Store(AccessSize.DoubleWord, R10, -8, 7),
            Instruction.Exit(),
        ]);
        Assert.Equal(0UL, interpreter.Run().ReturnValue);
        Assert.Equal(0UL, interpreter.Run().ReturnValue);
    }

    public static TheoryData<string, Instruction[], byte[]?, InterpreterFault, string> Faults => new()
    {
        { "load past the end of memory", [Instruction.Load(AccessSize.Word, R0, R1, 5)], new byte[8], InterpreterFault.OutOfBounds, "outside the memory" },
        { "load before the memory", [Instruction.Load(AccessSize.Byte, R0, R1, -1)], new byte[8], InterpreterFault.OutOfBounds, "1 bytes before it" },
        { "load through a null pointer", [Instruction.Load(AccessSize.Byte, R0, R1, 0)], null, InterpreterFault.OutOfBounds, "null" },
        { "store to an integer", [AluOperation.Mov.Imm(R1, 4096), Instruction.Store(AccessSize.Byte, R1, 0, 1)], null, InterpreterFault.OutOfBounds, "store of 1 bytes" },
        { "store below the stack frame", [Instruction.Store(AccessSize.Byte, R10, -513, 1)], null, InterpreterFault.OutOfBounds, "outside the stack" },
        { "load at r10 itself", [Instruction.Load(AccessSize.Byte, R0, R10, 0)], null, InterpreterFault.OutOfBounds, "outside the stack" },
        { "wide load straddling the top of the stack", [Instruction.Load(AccessSize.DoubleWord, R0, R10, -4)], null, InterpreterFault.OutOfBounds, "load of 8 bytes" },
        { "pointer arithmetic into nowhere", [Set(R2, 0x7fff_0000_0000L), AluOperation.Add.Reg(R1, R2), Instruction.Load(AccessSize.Byte, R0, R1, 0)], new byte[1], InterpreterFault.OutOfBounds, "not inside any memory region" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Accesses_outside_every_region_fault_with_the_instruction_index(string name, Instruction[] body, byte[]? memory, InterpreterFault fault, string message)
    {
        var e = Fault([.. body, Instruction.Exit()], memory);
        Assert.Equal(fault, e.Fault);
        Assert.Equal(body.Length - 1, e.InstructionIndex);
        Assert.StartsWith($"instruction {body.Length - 1}: ", e.Message);
        Assert.True(e.Message.Contains(message), $"{name}: {e.Message}");
    }
}

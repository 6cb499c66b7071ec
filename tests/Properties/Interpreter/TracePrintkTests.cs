using System.Text;
using Xunit;
using EbpfCat.Interpreter;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;
using static EbpfCat.Properties.Interpreter.Asm;

namespace EbpfCat.Properties.Interpreter;

/// <summary>bpf_trace_printk formats into the result's trace list.</summary>
public class TracePrintkTests
{
    /// <summary>Runs trace_printk with the format in the memory block and r3–r5 as given.</summary>
    static InterpreterResult Print(string format, long a = 0, long b = 0, long c = 0, byte[]? extra = null)
    {
        var memory = Encoding.ASCII.GetBytes(format + "\0").Concat(extra ?? []).ToArray();
        return Run(
        [
            AluOperation.Mov.Imm(R2, format.Length + 1),
            Set(R3, a), Set(R4, b), Set(R5, c),
            Instruction.Call(6),
            Instruction.Exit(),
        ], memory);
    }

    public static TheoryData<string, long, long, long, string> Formats => new()
    {
        { "plain text\n", 0, 0, 0, "plain text" },
        { "%d %u %x", -1, -1, 255, "-1 4294967295 ff" },
        { "%ld %lu %llx", -1, -1, -1, "-1 18446744073709551615 ffffffffffffffff" },
        { "[%5d] [%-4x] [%08x]", 42, 0xab, 0xbeef, "[   42] [ab  ] [0000beef]" },
        { "%c%c 100%%", 'o', 'k', 0, "ok 100%" },
        { "%hd %hhu", 0x1ffff, 0x1ff, 0, "-1 255" },
        { "%#x %p", 0x10, 0x1234, 0, "0x10 0x1234" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Conversions_format_like_the_kernel(string format, long a, long b, long c, string expected)
    {
        var result = Print(format, a, b, c);
        Assert.Equal([expected], result.Trace);
    }

    [Fact]
    public void The_return_value_is_the_length_written_newline_included()
    {
        Assert.Equal(6UL, Print("hello\n").ReturnValue);
    }

    [Fact]
    public void Percent_s_reads_a_string_from_the_programs_memory()
    {
        // The string follows the format in memory: r3 = r1 + length of "%s!\0".
        var memory = Encoding.ASCII.GetBytes("%s!\0eth0\0");
        var result = Run(
        [
            AluOperation.Mov.Imm(R2, 4),
            AluOperation.Mov.Reg(R3, R1),
            AluOperation.Add.Imm(R3, 4),
            Instruction.Call(6),
            Instruction.Exit(),
        ], memory);
        Assert.Equal(["eth0!"], result.Trace);
    }

    [Fact]
    public void A_format_without_its_terminator_faults()
    {
        var e = Fault([AluOperation.Mov.Imm(R2, 2), Instruction.Call(6), Instruction.Exit()], Encoding.ASCII.GetBytes("ab"));
        Assert.Equal(InterpreterFault.BadHelperArgument, e.Fault);
    }
}

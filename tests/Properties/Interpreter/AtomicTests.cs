using Xunit;
using EbpfCat.Interpreter;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;
using static EbpfCat.Properties.Interpreter.Asm;

namespace EbpfCat.Properties.Interpreter;

/// <summary>Every atomic operation on the stack, 32 and 64 bits, with and without fetch; and real atomicity on shared maps.</summary>
public class AtomicTests
{
    const ulong Cell = 0x1234_5678_9abc_def0;

    /// <summary>[r10-8] = Cell; r1 = operand; r0 = compare value; the atomic; then r2 = [r10-8].</summary>
    static (ulong Memory, ulong R0, ulong R1) Apply(Instruction atomic, ulong operand, ulong r0 = 0)
    {
        var program = new[]
        {
            Set(R3, Cell),
            Instruction.Store(AccessSize.DoubleWord, R10, -8, R3),
            Set(R1, operand),
            Set(R0, r0),
            atomic,
            Instruction.Load(AccessSize.DoubleWord, R2, R10, -8),
            // Return r0, r1 and r2 through the memory block.
            Set(R4, 0L),
            Instruction.Exit(),
        };
        // The program cannot return three values; run it three times with a different final move.
        ulong Get(Register register)
        {
            var copy = (Instruction[])program.Clone();
            copy[^2] = AluOperation.Mov.Reg(R0, register);
            return Run(copy).ReturnValue;
        }
        return (Get(R2), Get(R0), Get(R1));
    }

    static Instruction Atomic64(AtomicOperation operation) => Instruction.Atomic(operation, AccessSize.DoubleWord, R10, R1, -8);

    static Instruction Atomic32(AtomicOperation operation) => Instruction.Atomic(operation, AccessSize.Word, R10, R1, -8);

    // (name, atomic on [r10-8] with r1, r1, r0 before, expected memory, expected r1 after, expected r0 after)
    public static TheoryData<string, Instruction, ulong, ulong, ulong, ulong, ulong> Cases => new()
    {
        { "add", Atomic64(AtomicOperation.Add), 1, 0, Cell + 1, 1, 0 },
        { "or", Atomic64(AtomicOperation.Or), 0xf, 0, Cell | 0xf, 0xf, 0 },
        { "and", Atomic64(AtomicOperation.And), 0xff, 0, Cell & 0xff, 0xff, 0 },
        { "xor", Atomic64(AtomicOperation.Xor), ulong.MaxValue, 0, ~Cell, ulong.MaxValue, 0 },
        { "fetch add returns the old value", Atomic64(AtomicOperation.FetchAdd), 1, 0, Cell + 1, Cell, 0 },
        { "fetch or", Atomic64(AtomicOperation.FetchOr), 0xf, 0, Cell | 0xf, Cell, 0 },
        { "fetch and", Atomic64(AtomicOperation.FetchAnd), 0xff, 0, Cell & 0xff, Cell, 0 },
        { "fetch xor", Atomic64(AtomicOperation.FetchXor), 0xff, 0, Cell ^ 0xff, Cell, 0 },
        { "xchg", Atomic64(AtomicOperation.Exchange), 42, 0, 42, Cell, 0 },
        { "cmpxchg succeeds when r0 matches", Atomic64(AtomicOperation.CompareExchange), 42, Cell, 42, 42, Cell },
        { "cmpxchg fails when r0 differs", Atomic64(AtomicOperation.CompareExchange), 42, 7, Cell, 42, Cell },

        // 32-bit: only the low word changes; fetched values are zero-extended.
        { "add32 leaves the high word", Atomic32(AtomicOperation.Add), 0x10, 0, 0x1234_5678_9abc_df00, 0x10, 0 },
        { "add32 wraps inside the word", Atomic32(AtomicOperation.Add), 0x6543_2110, 0, 0x1234_5678_0000_0000, 0x6543_2110, 0 },
        { "or32", Atomic32(AtomicOperation.Or), 0xffff_ffff_0000_000f, 0, Cell | 0xf, 0xffff_ffff_0000_000f, 0 },
        { "and32", Atomic32(AtomicOperation.And), 0xff, 0, 0x1234_5678_0000_00f0, 0xff, 0 },
        { "xor32", Atomic32(AtomicOperation.Xor), 0xffff_ffff, 0, 0x1234_5678_6543_210f, 0xffff_ffff, 0 },
        { "fetch add32 zero-extends the old value", Atomic32(AtomicOperation.FetchAdd), 1, 0, Cell + 1, 0x9abc_def0, 0 },
        { "fetch or32", Atomic32(AtomicOperation.FetchOr), 0xf, 0, Cell | 0xf, 0x9abc_def0, 0 },
        { "fetch and32", Atomic32(AtomicOperation.FetchAnd), 0, 0, 0x1234_5678_0000_0000, 0x9abc_def0, 0 },
        { "fetch xor32", Atomic32(AtomicOperation.FetchXor), 0xf0, 0, Cell ^ 0xf0, 0x9abc_def0, 0 },
        { "xchg32", Atomic32(AtomicOperation.Exchange), 0xffff_ffff_0000_0001, 0, 0x1234_5678_0000_0001, 0x9abc_def0, 0 },
        { "cmpxchg32 compares the low word of r0", Atomic32(AtomicOperation.CompareExchange), 0x1122_3344, 0xffff_ffff_9abc_def0, 0x1234_5678_1122_3344, 0x1122_3344, 0x9abc_def0 },
        { "cmpxchg32 fails and zero-extends into r0", Atomic32(AtomicOperation.CompareExchange), 0x1122_3344, 0x1234_5678, Cell, 0x1122_3344, 0x9abc_def0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Atomics_change_memory_and_fetch_as_the_kernel_does(string name, Instruction atomic, ulong operand, ulong r0, ulong memory, ulong r1After, ulong r0After)
    {
        var (m, z, one) = Apply(atomic, operand, r0);
        Assert.True(memory == m, $"{name}: memory 0x{m:x}, expected 0x{memory:x}");
        Assert.True(r1After == one, $"{name}: r1 0x{one:x}, expected 0x{r1After:x}");
        Assert.True(r0After == z, $"{name}: r0 0x{z:x}, expected 0x{r0After:x}");
    }

    [Fact]
    public void Misaligned_atomics_fault()
    {
        var e = Fault([AluOperation.Mov.Imm(R1, 1), Instruction.Atomic(AtomicOperation.Add, AccessSize.Word, R10, R1, -6), Instruction.Exit()]);
        Assert.Equal(InterpreterFault.Misaligned, e.Fault);
        Assert.Equal(1, e.InstructionIndex);
    }

    [Fact]
    public void Atomic_adds_from_concurrent_runs_on_a_shared_map_value_are_not_lost()
    {
        var counter = new InterpreterArrayMap("counter", valueSize: 8, maxEntries: 1);
        var interpreter = new BpfInterpreter(
        [
            Instruction.LoadMapValue(R1, counter.Fd, 0),
            AluOperation.Mov.Imm(R2, 1),
            AluOperation.Mov.Imm(R3, 1000),
            Instruction.Atomic(AtomicOperation.Add, AccessSize.DoubleWord, R1, R2, 0),
            AluOperation.Sub.Imm(R3, 1),
            JumpOperation.JNE.Imm(R3, 0, -3),
            Instruction.Exit(),
        ], new InterpreterOptions { Maps = [counter] });
        Parallel.For(0, 16, _ => interpreter.Run());
        Assert.Equal(16_000L, counter.Lookup<uint, long>(0));
    }
}

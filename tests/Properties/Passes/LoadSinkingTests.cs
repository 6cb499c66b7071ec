using Xunit;
using EbpfCat.Isa;
using EbpfCat.Mir;
using EbpfCat.Passes;
using static EbpfCat.Properties.Passes.MirBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>Load sinking on virtual registers: input items → expected items.</summary>
public sealed class LoadSinkingTests
{
    static MirInstruction LoadByte(VirtualRegister into, VirtualRegister from, short offset) => M(Instruction.Load(AccessSize.Byte, 0, 0, offset), into, from);

    public static TheoryData<string, MirItem[], MirItem[]> Cases() => new()
    {
        {
            "loads read first and used later move down to their first reader, the last one first",
            [LoadByte(V(17), V(16), 0), LoadByte(V(18), V(16), 1), MovImm(V(19), 0), AddReg(V(19), V(17)), AddReg(V(19), V(18)), Mov(R(0), V(19)), Exit()],
            [MovImm(V(19), 0), LoadByte(V(17), V(16), 0), AddReg(V(19), V(17)), LoadByte(V(18), V(16), 1), AddReg(V(19), V(18)), Mov(R(0), V(19)), Exit()]
        },
        {
            "a field assigned to a local through a temporary is loaded into the local, then moves",
            [LoadByte(V(20), V(16), 0), Mov(V(17), V(20)), MovImm(V(19), 0), AddReg(V(19), V(17)), Mov(R(0), V(19)), Exit()],
            [MovImm(V(19), 0), LoadByte(V(17), V(16), 0), AddReg(V(19), V(17)), Mov(R(0), V(19)), Exit()]
        },
        {
            "a load does not move past a store, which may change what it reads",
            [LoadByte(V(17), V(16), 0), M(Instruction.Store(AccessSize.Byte, Register.R0, 0, 7), V(16)), AddReg(V(19), V(17)), Mov(R(0), V(19)), Exit()],
            [LoadByte(V(17), V(16), 0), M(Instruction.Store(AccessSize.Byte, Register.R0, 0, 7), V(16)), AddReg(V(19), V(17)), Mov(R(0), V(19)), Exit()]
        },
        {
            "a load does not move past a write of its address register",
            [LoadByte(V(17), V(16), 0), MovImm(V(16), 0), AddReg(V(19), V(17)), Mov(R(0), V(19)), Exit()],
            [LoadByte(V(17), V(16), 0), MovImm(V(16), 0), AddReg(V(19), V(17)), Mov(R(0), V(19)), Exit()]
        },
        {
            "a load does not move past a jump or a label: its reader is in other straight code",
            [LoadByte(V(17), V(16), 0), IfZero(V(18), Label(0)), AddReg(V(19), V(17)), Mark(Label(0)), Mov(R(0), V(17)), Exit()],
            [LoadByte(V(17), V(16), 0), IfZero(V(18), Label(0)), AddReg(V(19), V(17)), Mark(Label(0)), Mov(R(0), V(17)), Exit()]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Moves(string description, MirItem[] input, MirItem[] expected)
    {
        var output = LoadSinking.Run(Function(input)).Items.ToArray();
        Assert.True(expected.SequenceEqual(output), $"{description}:\n{string.Join('\n', output.Select(i => i.ToString()))}");
    }
}

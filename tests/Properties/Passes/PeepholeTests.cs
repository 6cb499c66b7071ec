using Xunit;
using EbpfCat.Mir;
using EbpfCat.Passes;
using static EbpfCat.Properties.Passes.MirBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>The peephole pass on allocated MIR: input items → expected items.</summary>
public sealed class PeepholeTests
{
    static readonly MirLabel L0 = Label(0), L1 = Label(1), L2 = Label(2);

    public static TheoryData<string, MirItem[], MirItem[]> Cases() => new()
    {
        {
            "jump threading: a jump to a goto goes to its target",
            [IfZero(R(1), L0), MovImm(R(0), 1), Exit(), Mark(L0), Goto(L1), Mark(L2), MovImm(R(0), 3), Exit(), Mark(L1), MovImm(R(0), 2), Exit()],
            [IfZero(R(1), L1), MovImm(R(0), 1), Exit(), Mark(L1), MovImm(R(0), 2), Exit()]
        },
        {
            "dead code after exit up to the next label",
            [MovImm(R(0), 1), Exit(), MovImm(R(0), 2), Exit()],
            [MovImm(R(0), 1), Exit()]
        },
        {
            "a goto to the next instruction",
            [Goto(L0), Mark(L0), MovImm(R(0), 0), Exit()],
            [MovImm(R(0), 0), Exit()]
        },
        {
            "if-conversion: two constants for one register become a select",
            [IfZero(R(1), L0), MovImm(R(0), 1), Goto(L1), Mark(L0), MovImm(R(0), 2), Mark(L1), Exit()],
            [MovImm(R(0), 2), IfZero(R(1), L1), MovImm(R(0), 1), Mark(L1), Exit()]
        },
        {
            "cross-jumping: an if/else with the same tail keeps one copy",
            [IfZero(R(1), L0), MovImm(R(2), 5), Mov(R(0), R(2)), Goto(L1), Mark(L0), MovImm(R(3), 7), MovImm(R(2), 5), Mov(R(0), R(2)), Mark(L1), Exit()],
            [IfZero(R(1), L0), Goto(L2), Mark(L0), MovImm(R(3), 7), Mark(L2), MovImm(R(2), 5), Mov(R(0), R(2)), Exit()]
        },
        {
            "a move straight back is dropped: after r2 = r1, r1 = r2 changes nothing",
            [Mov(R(2), R(1)), Mov(R(1), R(2)), Mov(R(0), R(1)), Exit()],
            [Mov(R(2), R(1)), Mov(R(0), R(1)), Exit()]
        },
        {
            "a move back after a label is kept: a jump may arrive there with r1 and r2 different",
            [IfZero(R(3), L0), Mov(R(2), R(1)), Mark(L0), Mov(R(1), R(2)), Mov(R(0), R(1)), Exit()],
            [IfZero(R(3), L0), Mov(R(2), R(1)), Mark(L0), Mov(R(1), R(2)), Mov(R(0), R(1)), Exit()]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rewrites(string description, MirItem[] input, MirItem[] expected)
    {
        var output = Peephole.Run(Function(input)).Items.ToArray();
        Assert.True(expected.SequenceEqual(output), $"{description}:\n{string.Join('\n', output.Select(i => i.ToString()))}");
    }

    public static TheoryData<string, MirItem[], MirItem[]> UnreachableCases() => new()
    {
        {
            "code after exit goes, up to a label a jump uses",
            [IfZero(R(1), L0), MovImm(R(0), 1), Exit(), MovImm(R(0), 9), Mark(L0), MovImm(R(0), 2), Exit()],
            [IfZero(R(1), L0), MovImm(R(0), 1), Exit(), Mark(L0), MovImm(R(0), 2), Exit()]
        },
        {
            "code behind a label no jump uses goes too",
            [MovImm(R(0), 1), Exit(), Mark(L0), MovImm(R(0), 2), Exit()],
            [MovImm(R(0), 1), Exit()]
        },
        {
            "jumps to gotos and to the next instruction stay (optimisations off)",
            [IfZero(R(1), L0), Goto(L1), Mark(L1), MovImm(R(0), 1), Exit(), Mark(L0), Goto(L1)],
            [IfZero(R(1), L0), Goto(L1), Mark(L1), MovImm(R(0), 1), Exit(), Mark(L0), Goto(L1)]
        },
    };

    [Theory]
    [MemberData(nameof(UnreachableCases))]
    public void Removes_only_unreachable_code_when_optimisations_are_off(string description, MirItem[] input, MirItem[] expected)
    {
        var output = Peephole.RemoveUnreachable(Function(input)).Items.ToArray();
        Assert.True(expected.SequenceEqual(output), $"{description}:\n{string.Join('\n', output.Select(i => i.ToString()))}");
    }
}

using Xunit;
using EbpfCat.Isa;
using EbpfCat.Mir;
using EbpfCat.Passes;
using EbpfCat.Properties.Support;
using FsCheck;
using FsCheck.Fluent;
using static EbpfCat.Properties.Passes.MirBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>The peephole pass on allocated MIR: input items → expected items.</summary>
public sealed class PeepholeTests
{
    static readonly MirLabel L0 = Label(0), L1 = Label(1), L2 = Label(2), L3 = Label(3);

    static MirInstruction SpillStore(short offset, VirtualRegister value) => M(Instruction.Store(AccessSize.DoubleWord, Register.R0, offset, Register.R0), R(10), value);
    static MirInstruction Reload(VirtualRegister into, short offset) => M(Instruction.Load(AccessSize.DoubleWord, 0, 0, offset), into, R(10));

    static MirInstruction Test(int k) => M(JumpOperation.JEQ.Imm(0, k, 0), R(1), target: L0);

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
            "an early exit jumps, inverted, to the last copy of its exit block, which serves both",
            [M(JumpOperation.JNE.Imm(0, 7, 0), R(1), target: L0), MovImm(R(0), 1), Exit(), Mark(L0),
             M(JumpOperation.JNE.Imm(0, 9, 0), R(1), target: L1), MovImm(R(0), 1), Exit(), Mark(L1), MovImm(R(0), 2), Exit()],
            [M(JumpOperation.JEQ.Imm(0, 7, 0), R(1), target: L2), M(JumpOperation.JNE.Imm(0, 9, 0), R(1), target: L1),
             Mark(L2), MovImm(R(0), 1), Exit(), Mark(L1), MovImm(R(0), 2), Exit()]
        },
        {
            "an exit block elsewhere in straight code is entered by a new label",
            [M(JumpOperation.JGT.Reg(0, 0, 0), R(1), R(2), target: L0), MovImm(R(0), 2), Exit(), Mark(L0), MovImm(R(3), 4), MovImm(R(0), 2), Exit()],
            [M(JumpOperation.JLE.Reg(0, 0, 0), R(1), R(2), target: L1), MovImm(R(3), 4), Mark(L1), MovImm(R(0), 2), Exit()]
        },
        {
            "jset has no inverse: its exit block stays",
            [M(JumpOperation.JSET.Imm(0, 1, 0), R(1), target: L0), MovImm(R(0), 2), Exit(), Mark(L0), MovImm(R(3), 4), MovImm(R(0), 2), Exit()],
            [M(JumpOperation.JSET.Imm(0, 1, 0), R(1), target: L0), MovImm(R(0), 2), Exit(), Mark(L0), MovImm(R(3), 4), MovImm(R(0), 2), Exit()]
        },
        {
            "eight equality tests of one register with one target become a search tree in unsigned order",
            [.. new[] { 80, 10, 70, 20, 60, 30, 50, 40 }.Select(k => M(JumpOperation.JEQ.Imm(0, k, 0), R(1), target: L0)), MovImm(R(0), 2), Exit(), Mark(L0), MovImm(R(0), 1), Exit()],
            [M(JumpOperation.JGT.Imm(0, 20, 0), R(1), target: L2), Test(10), Test(20), Goto(L1),
             Mark(L2), M(JumpOperation.JGT.Imm(0, 50, 0), R(1), target: L3), Test(30), Test(40), Test(50), Goto(L1),
             Mark(L3), Test(60), Test(70), Test(80), Mark(L1), MovImm(R(0), 2), Exit(), Mark(L0), MovImm(R(0), 1), Exit()]
        },
        {
            "seven equality tests stay a chain",
            [.. new[] { 70, 10, 60, 20, 50, 30, 40 }.Select(Test), MovImm(R(0), 2), Exit(), Mark(L0), MovImm(R(0), 1), Exit()],
            [.. new[] { 70, 10, 60, 20, 50, 30, 40 }.Select(Test), MovImm(R(0), 2), Exit(), Mark(L0), MovImm(R(0), 1), Exit()]
        },
        {
            "a move on a straight way to exit becomes a renaming of the rest of the way",
            [Mov(R(2), R(1)), MovImm(R(1), 5), AddReg(R(2), R(1)), Mov(R(0), R(2)), Exit()],
            [MovImm(R(2), 5), AddReg(R(1), R(2)), Mov(R(0), R(1)), Exit()]
        },
        {
            "a move whose source is read again stays",
            [Mov(R(2), R(1)), AddReg(R(2), R(1)), Mov(R(0), R(2)), Exit()],
            [Mov(R(2), R(1)), AddReg(R(2), R(1)), Mov(R(0), R(2)), Exit()]
        },
        {
            "a move before a jump stays: the renaming would not reach the other path",
            [Mov(R(2), R(1)), MovImm(R(1), 5), IfZero(R(1), L0), Mov(R(0), R(2)), Exit(), Mark(L0), MovImm(R(0), 3), Exit()],
            [Mov(R(2), R(1)), MovImm(R(1), 5), IfZero(R(1), L0), Mov(R(0), R(2)), Exit(), Mark(L0), MovImm(R(0), 3), Exit()]
        },
        {
            "a reload of a spill slot whose value another register still holds goes by renaming",
            [SpillStore(-8, R(1)), MovImm(R(3), 1), Reload(R(2), -8), MovImm(R(1), 4), AddReg(R(2), R(1)), Mov(R(0), R(2)), Exit()],
            [SpillStore(-8, R(1)), MovImm(R(3), 1), MovImm(R(2), 4), AddReg(R(1), R(2)), Mov(R(0), R(1)), Exit()]
        },
        {
            "a reload into the register that still holds the value goes",
            [Reload(R(1), -8), AddReg(R(3), R(1)), Reload(R(1), -8), AddReg(R(3), R(1)), Mov(R(0), R(3)), Exit()],
            [Reload(R(1), -8), AddReg(R(3), R(1)), AddReg(R(3), R(1)), Mov(R(0), R(3)), Exit()]
        },
        {
            "a reload after a store through another pointer stays: the pointer may be into the frame",
            [Reload(R(1), -8), M(Instruction.Store(AccessSize.DoubleWord, Register.R0, 0, Register.R0), R(4), R(3)), Reload(R(1), -8), Mov(R(0), R(1)), Exit()],
            [Reload(R(1), -8), M(Instruction.Store(AccessSize.DoubleWord, Register.R0, 0, Register.R0), R(4), R(3)), Reload(R(1), -8), Mov(R(0), R(1)), Exit()]
        },
        {
            "a move back after a label is kept: a jump may arrive there with r1 and r2 different",
            [IfZero(R(3), L0), Mov(R(2), R(1)), Mark(L0), Mov(R(1), R(2)), IfZero(R(1), L1), Mov(R(0), R(1)), Exit(), Mark(L1), MovImm(R(0), 3), Exit()],
            [IfZero(R(3), L0), Mov(R(2), R(1)), Mark(L0), Mov(R(1), R(2)), IfZero(R(1), L1), Mov(R(0), R(1)), Exit(), Mark(L1), MovImm(R(0), 3), Exit()]
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

    [Fact]
    public void On_v1_a_jump_whose_inverse_is_a_v2_jump_keeps_its_exit_block()
    {
        // jgt inverts to jle, which v1 lacks; jne to jeq is fine on every version
        MirItem[] input = [M(JumpOperation.JGT.Imm(0, 7, 0), R(1), target: L0), MovImm(R(0), 1), Exit(), Mark(L0),
            M(JumpOperation.JNE.Imm(0, 9, 0), R(1), target: L1), MovImm(R(0), 1), Exit(), Mark(L1), MovImm(R(3), 5), MovImm(R(0), 1), Exit()];
        MirItem[] expected = [M(JumpOperation.JGT.Imm(0, 7, 0), R(1), target: L0), MovImm(R(0), 1), Exit(), Mark(L0),
            M(JumpOperation.JEQ.Imm(0, 9, 0), R(1), target: L2), MovImm(R(3), 5), Mark(L2), MovImm(R(0), 1), Exit()];
        var output = Peephole.Run(Function(input), IsaVersion.V1).Items.ToArray();
        Assert.True(expected.SequenceEqual(output), string.Join('\n', output.Select(i => i.ToString())));
    }

    /// <summary>A chain of equality tests (64- or 32-bit jumps, constants with repeats, negative ones, ones
    /// whose upper half matters) and the search tree it becomes return the same for every value, in the interpreter
    /// and in the kernel.</summary>
    [Fact]
    public void A_search_tree_finds_exactly_the_values_of_its_chain()
    {
        KernelRequirement.Require();
        var constants = Gen.Frequency((2, Gen.Choose(-40, 40)), (1, Gen.Choose(int.MinValue, int.MaxValue)));
        var cases = Arb.From(
            from wide in Gen.Elements(true, false)
            from values in Gen.ListOf(constants).Where(l => l.Count >= 8 && l.Count <= 40)
            from probe in Gen.OneOf(Gen.Elements(values.ToArray()).Select(v => (long)v), Gen.Choose(-50, 50).Select(v => (long)v),
                Gen.Elements(values.ToArray()).Select(v => (long)v ^ (1L << 40)), Gen.Choose(int.MinValue, int.MaxValue).Select(v => (long)v << 3))
            select (wide, values: values.ToArray(), probe));
        PropertyRuns.Check(cases, c =>
        {
            var hit = Label(0);
            var chain = c.values.Select(k => M(c.wide ? JumpOperation.JEQ.Imm(0, k, 0) : JumpOperation.JEQ.Imm32(0, k, 0), R(2), target: hit));
            var function = Function([M(Instruction.Load(AccessSize.DoubleWord, 0, 0, 0), R(2), R(1)), .. chain, MovImm(R(0), 2), Exit(), Mark(hit), MovImm(R(0), 1), Exit()]);
            var tree = Peephole.Run(function);
            Assert.True(c.values.Distinct().Count() <= 3 || tree.Items.Any(i => i.Instruction is { Opcode.JumpOperation: JumpOperation.JGT }), "no tree was built");
            bool found = c.values.Any(k => c.wide ? k == c.probe : (uint)k == (uint)c.probe);
            var memory = BitConverter.GetBytes(c.probe);
            var program = IrBuilder.Program();
            foreach (var f in new[] { function, tree })
            {
                var code = EbpfCat.Emit.Emitter.Emit(f, program).Instructions.Items;
                foreach (var engine in new EbpfCat.Engines.IExecutionEngine[] { new EbpfCat.Engines.InterpreterEngine(), new EbpfCat.Engines.KernelEngine() })
                {
                    var result = engine.Run(code, [.. memory]);
                    Assert.True(result.Succeeded && result.ReturnValue == (found ? 1UL : 2UL), $"{engine.GetType().Name}: {result} for 0x{c.probe:x}");
                }
            }
        });
    }
}

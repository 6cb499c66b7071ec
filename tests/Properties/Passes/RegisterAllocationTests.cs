using Xunit;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Mir;
using EbpfCat.Passes;
using static EbpfCat.Properties.Passes.MirBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>Register allocation: only r0–r9 are allocated, pressure spills to the stack, values live across
/// calls avoid r0–r5, and moves between coalescable registers disappear.</summary>
public sealed class RegisterAllocationTests
{
    static IEnumerable<MirInstruction> Code(MirFunction f) => f.Items.Where(i => !i.IsMark).Select(i => i.Instruction!.Value);

    static bool IsSpillStore(MirInstruction i) => i.Opcode == Opcode.Memory(InstructionClass.Stx, AccessSize.DoubleWord, AccessMode.Memory) && i.Dst == R(10);

    /// <summary>Twenty locals from a map variable (nothing to fold), all used by the exit: more live values than registers.</summary>
    static IrProgram TwentyLiveValues()
    {
        var at = IrBuilder.At;
        var q = IrBuilder.Var("q", IrType.I64, 24);
        var locals = Enumerable.Range(1, 20).Select(i => new Local(i, $"v{i}", IrType.I64)).ToArray();
        var body = new List<Stmt>();
        foreach (var l in locals) body.Add(new Assign(new LocalRef(l, at), IrBuilder.Op(BinaryOperator.Add, q, IrBuilder.I(l.Id)), at));
        Expr sum = IrBuilder.I(0);
        foreach (var l in locals) sum = IrBuilder.Op(BinaryOperator.BitXor, sum, new LocalRef(l, at));
        body.Add(new Exit(sum, at));
        return IrBuilder.Program([.. body]);
    }

    [Fact]
    public void Twenty_simultaneously_live_values_compile_to_r0_r9_with_spills()
    {
        var program = TwentyLiveValues();
        var compiled = EbpfCat.Compiler.Compile(program);
        var allocated = RegisterAllocation.Allocate(MirLowering.Lower(new Simplify().Rewrite(new FixedPointLowering().Rewrite(program)), CompilerOptions.Default));

        Assert.All(Code(allocated), i => Assert.True(i.Dst.IsPhysical && i.Src.IsPhysical));
        Assert.All(Code(allocated).Where(i => i.Opcode.Class is InstructionClass.Alu or InstructionClass.Alu64 or InstructionClass.Ldx), i => Assert.NotEqual(R(10), i.Dst));
        Assert.Contains(Code(allocated), IsSpillStore);
        Assert.True(allocated.StackBytes is > 0 and <= 512);
        Assert.All(compiled.Instructions, i => Assert.Null(i.Validate()));
    }

    [Fact]
    public void Allocation_with_spills_comes_out_alike_every_time_its_working_arrays_come_back_from_the_pool()
    {
        // each spill round borrows its graph's arrays and gives them back: a stale entry would change the outcome
        var selected = MirLowering.Lower(new FixedPointLowering().Rewrite(TwentyLiveValues()), CompilerOptions.Default);
        var first = RegisterAllocation.Allocate(selected);
        for (int run = 0; run < 3; run++) Assert.Equal(first, RegisterAllocation.Allocate(selected));
    }

    [Fact]
    public void Values_live_across_a_call_land_in_r6_to_r9_or_on_the_stack()
    {
        var function = Function(
            MovImm(V(16), 1),
            MovImm(V(17), 2),
            Call(5),
            Mov(V(18), R(0)),
            AddReg(V(18), V(16)),
            AddReg(V(18), V(17)),
            Mov(R(0), V(18)),
            Exit());
        var code = Code(RegisterAllocation.Allocate(function)).ToList();
        for (int k = 0; k < 2; k++)
        {
            var definition = code[k];
            Assert.True(definition.Dst.Number is >= 6 and <= 9 || IsSpillStore(code[k + 1]), $"{definition} must survive the call");
        }
    }

    [Fact]
    public void Values_not_live_across_a_call_prefer_the_caller_saved_registers()
    {
        var function = Function(MovImm(V(16), 1), Mov(R(0), V(16)), Exit());
        var code = Code(RegisterAllocation.Allocate(function)).ToList();
        Assert.Equal(MovImm(R(0), 1), code[0]); // coalesced with r0 itself
    }

    [Fact]
    public void Moves_coalesce()
    {
        var function = Function(
            Mov(V(16), R(1)),
            Mov(V(17), V(16)),
            M(Instruction.Load(AccessSize.Word, 0, 0, 0), V(18), V(17)),
            Mov(R(0), V(18)),
            Exit());
        var code = Code(RegisterAllocation.Allocate(function)).ToList();
        Assert.DoesNotContain(code, i => MirOperands.IsMove(i));
        Assert.Equal(M(Instruction.Load(AccessSize.Word, 0, 0, 0), R(0), R(1)), code[0]);
    }

    [Fact]
    public void A_jump_to_a_label_after_the_last_instruction_is_allowed()
    {
        // regression: liveness indexed past the end of the code
        var end = Label(0);
        var function = Function(MovImm(V(16), 0), IfZero(V(16), end), Mov(R(0), V(16)), Exit(), Goto(end), Mark(end));
        Assert.All(Code(RegisterAllocation.Allocate(function)), i => Assert.True(i.Dst.IsPhysical));
    }
}

using Xunit;
using EbpfCat.Ir;
using EbpfCat.Ir.Evaluation;
using EbpfCat.Isa;
using EbpfCat.Passes;
using EbpfCat.Properties.Generators;
using EbpfCat.Properties.Support;

namespace EbpfCat.Properties.Differential;

/// <summary>Random well-typed programs mean the same before and after fixed-point lowering and
/// simplification (by the reference evaluator), and compile to valid instructions whose jumps stay inside
/// the program. The kernel and interpreter legs compare against the same <see cref="EvaluationResult"/>.</summary>
public sealed class LoweringDifferentialTests
{
    [Fact]
    public void Generated_programs_pass_the_type_and_bounds_checks()
        => PropertyRuns.Check(IrGenerators.CasesWithHelpers(), c =>
        {
            Assert.Empty(TypeCheck.Run(c.Program));
            Assert.Empty(BoundsCheck.Run(c.Program));
        });

    [Fact]
    public void Lowering_and_simplification_keep_the_meaning()
        => PropertyRuns.Check(IrGenerators.CasesWithHelpers(), c =>
        {
            if (Evaluate(c.Program, c) is not { } expected) return; // fixed-point overflow: no defined result
            var lowered = new FixedPointLowering().Rewrite(c.Program);
            Assert.Equal(expected, Evaluate(lowered, c));
            var simplified = new Simplify().Rewrite(lowered);
            Assert.Equal(expected, Evaluate(simplified, c));
        });

    [Theory]
    [MemberData(nameof(BackEnds.Names), MemberType = typeof(BackEnds))]
    public void Compiled_programs_are_valid_instructions_with_jumps_inside_the_program(string backEnd)
    {
        var generator = BackEnds.Get(backEnd);
        PropertyRuns.CheckInParallel(IrGenerators.CasesWithHelpers(), c =>
        {
            var compiled = EbpfCat.Compiler.Compile(c.Program, CompilerOptions.Default with { CodeGenerator = generator });
            var slots = compiled.Instructions.Select(i => i.Slots).ToArray();
            var starts = new HashSet<int>();
            int slot = 0;
            foreach (var n in slots) { starts.Add(slot); slot += n; }
            slot = 0;
            foreach (var i in compiled.Instructions)
            {
                Assert.Null(i.Validate());
                if (i.IsBranch)
                {
                    long target = slot + 1 + (i.Opcode == Opcode.Jump32(JumpOperation.JA, OperandSource.Constant) ? i.Immediate : i.Offset);
                    Assert.True(starts.Contains((int)target), $"jump at slot {slot} to {target} lands outside the program or inside a wide instruction");
                }
                slot += i.Slots;
            }
            Assert.True(compiled.Instructions[^1].Opcode == Opcode.Jump(JumpOperation.Exit, OperandSource.Constant)
                || compiled.Instructions[^1].Opcode == Opcode.Jump(JumpOperation.JA, OperandSource.Constant),
                "the last instruction must end the flow");
        });
    }

    /// <summary>The result, or null when the run overflows fixed point (the language leaves that undefined).</summary>
    static EvaluationResult? Evaluate(IrProgram program, IrCase c)
    {
        try { return IrEvaluator.Run(program, c.Packet, c.Maps); }
        catch (FixedPointOverflowException) { return null; }
    }
}

using EbpfCat.Isa;
using EbpfCat.Properties.Isa;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace EbpfCat.Properties.Generators;

/// <summary>The generators reach every form of the table and shrink only to valid instructions.</summary>
[Properties(Arbitrary = [typeof(InstructionGenerators)], MaxTest = 300)]
public sealed class InstructionGeneratorTests
{
    [Fact]
    public void The_generator_reaches_every_form_in_the_instruction_table()
    {
        var generated = InstructionGenerators.Any.Sample(30000).Select(Form).ToHashSet();
        var missing = InstructionTableTests.Rows().Select(r => r.Instruction).Where(i => !generated.Contains(Form(i)))
            .Select(Disassembler.Format).Distinct();
        Assert.Empty(missing);
    }

    [Property]
    public bool Shrinking_an_instruction_gives_other_valid_instructions(Instruction instruction)
        => InstructionGenerators.Shrink(instruction).All(s => s != instruction && s.Validate() is null);

    [Property]
    public bool Shrinking_a_program_gives_shorter_or_simpler_valid_programs(Instruction[] program)
        => InstructionGenerators.ShrinkProgram(program).Take(50)
            .All(p => p.Length <= program.Length && !p.SequenceEqual(program) && p.All(i => i.Validate() is null));

    // What distinguishes forms beyond the opcode: the pseudo source, call kind, atomic operation,
    // signed or sign-extending offset, or byte-swap width.
    static (byte Opcode, long Detail) Form(Instruction i)
    {
        var op = i.Opcode;
        long detail = 0;
        if (i.IsWide) detail = (long)i.PseudoSource;
        else if (op == Opcode.Jump(JumpOperation.Call, OperandSource.Constant)) detail = (long)i.CallKind;
        else if (op.Class == InstructionClass.Stx && op.Mode == AccessMode.Atomic) detail = i.Immediate;
        else if (op.IsAlu && op.AluOperation is AluOperation.Div or AluOperation.Mod or AluOperation.Mov) detail = i.Offset;
        else if (op.IsAlu && op.AluOperation == AluOperation.End) detail = i.Immediate;
        return (op.Value, detail);
    }
}

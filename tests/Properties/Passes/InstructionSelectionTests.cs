using Xunit;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Mir;
using EbpfCat.Passes;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>What instruction selection emits for small programs, pinned through the whole direct back end.</summary>
public sealed class InstructionSelectionTests
{
    static readonly MapVariableRef Value = Var("value", IrType.Fixed, 32);

    static string Emitted(IrProgram program, IsaVersion isa = IsaVersion.V4)
        => Disassembler.Disassemble(EbpfCat.Compiler.Compile(program, CompilerOptions.Default with { Isa = isa }).Instructions);

    [Fact]
    public void A_variable_read_and_written_in_one_statement_takes_one_map_value_load_and_a_constant_divisor_is_an_immediate()
    {
        // the fixed reference program, value = value × 1.5: clang-19 -O2 emits the same eight slots
        var program = Program(Set(Value, Op(BinaryOperator.Multiply, Value, X(1.5))), Exit(2));
        Assert.Equal(
            """
            r2 = map_value(0x0) + 0x20 ll
            r1 = *(u64 *)(r2 + 0x0)
            r1 *= 0x3
            r1 s/= 0x2
            *(u64 *)(r2 + 0x0) = r1
            r0 = 0x2
            exit
            """.ReplaceLineEndings("\n"), Emitted(program).ReplaceLineEndings("\n").TrimEnd());
    }

    [Fact]
    public void Before_v4_signed_division_by_a_constant_still_goes_through_a_register()
        => Assert.DoesNotContain(Instructions(Program(Set(Value, Op(BinaryOperator.Multiply, Value, X(1.5))), Exit(2)), IsaVersion.V3),
            i => i.Opcode.IsAlu && i.Opcode.Source == OperandSource.Constant && i.Opcode.AluOperation == AluOperation.Div);

    [Fact]
    public void Each_statement_loads_the_map_value_addresses_it_uses_itself()
    {
        // the address is kept within a statement only, so no register stays busy for long: the condition and the write each load it
        var program = Program(If(Cmp(CompareOperator.Equal, Value, X(0)), Block(Set(Value, X(1)))), Exit(2));
        Assert.Equal(2, Instructions(program, IsaVersion.V4).Count(i => i.Opcode == Opcode.LoadImm64));
    }

    [Fact]
    public void The_context_pointer_is_kept_only_by_a_program_that_reads_it()
    {
        static bool CopiesContext(IrProgram program) => MirLowering.Lower(new FixedPointLowering().Rewrite(program), CompilerOptions.Default).Items
            .Any(i => i.Instruction is { Src.Number: 1 } copy && MirOperands.IsMove(copy));
        Assert.False(CopiesContext(Program(Set(Value, X(1)), Exit(2))));
        Assert.True(CopiesContext(Program(Set(Value, To(IrType.Fixed, Length)), Exit(2))));
    }

    [Fact]
    public void Each_instruction_indexes_its_statements_location_and_its_map_in_the_functions_tables()
    {
        // forty statements on forty lines: past the sixteen locations a table is searched for, it is hashed
        var lines = Enumerable.Range(2, 40).ToArray(); // line 1 is where the builder puts everything else
        var program = Program([.. lines.Select(k => Set(Value, X(k), Line(k))), Exit(2)]);
        var function = MirLowering.Lower(new FixedPointLowering().Rewrite(program), CompilerOptions.Default);
        var code = function.Items.Where(i => !i.IsMark).Select(i => i.Instruction!.Value).ToList();
        Assert.Equal(function.Locations.Count, function.Locations.Distinct().Count());
        Assert.Equal(SourceLocation.Unknown, function.Locations[MirFunction.UnknownLocation]);
        var statementLines = code.Select(i => function.LocationOf(i)).Where(l => l != At).Select(l => l.Line).Distinct();
        Assert.Equal(lines, statementLines);
        Assert.All(code.Where(i => i.Map is not null), i => Assert.Same(Globals, function.Maps[i.Map!.Value]));
        Assert.Equal(40, code.Count(i => i.Map is not null));
    }

    static IReadOnlyList<Instruction> Instructions(IrProgram program, IsaVersion isa)
        => EbpfCat.Compiler.Compile(program, CompilerOptions.Default with { Isa = isa }).Instructions.Items;
}

using System.Buffers.Binary;
using EbpfCat.Interpreter;
using EbpfCat.Ir;
using EbpfCat.Ir.Evaluation;
using EbpfCat.Passes;
using EbpfCat.Properties.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>Byte-order elision: which locals hold raw bytes instead of swapped fields, and that the program means
/// the same to the evaluator and, compiled, to the interpreter.</summary>
public sealed class ByteOrderElisionTests
{
    static readonly LocalRef Source = L(1, IrType.U64, "source");

    static IrProgram Parser(Expr test, params Stmt[] more)
        => Program([Set(Source, Field(26, IrType.U32, network: true)), If(test, Block(Exit(1))), .. more, Exit(2)]);

    [Fact]
    public void A_local_of_a_network_order_field_only_compared_with_constants_holds_the_raw_bytes_typed_as_the_field()
    {
        var rewritten = ByteOrderElision.Run(Parser(Cmp(CompareOperator.Equal, Source, I(0x0a000001))));
        var raw = L(1, IrType.U32, "source");
        Assert.Equal(Program(Set(raw, Field(26, IrType.U32)), If(Cmp(CompareOperator.Equal, raw, I(0x0100000a)), Block(Exit(1))), Exit(2)).Body, rewritten.Body);
    }

    [Fact]
    public void A_constant_on_the_left_and_an_inequality_are_swapped_too()
    {
        var rewritten = ByteOrderElision.Run(Parser(Cmp(CompareOperator.NotEqual, I(0x0800), Source)));
        var test = (Compare)((If)rewritten.Body.Statements[1]).Condition;
        Assert.Equal(0x00080000, ((Constant)test.Left).Value);
    }

    [Fact]
    public void A_constant_too_narrow_for_its_swapped_value_takes_the_field_type()
    {
        var rewritten = ByteOrderElision.Run(Parser(Cmp(CompareOperator.Equal, Source, new Constant(0x0800, IrType.U16, At))));
        var test = (Compare)((If)rewritten.Body.Statements[1]).Condition;
        Assert.Equal(new Constant(0x00080000, IrType.U32, At), test.Right);
    }

    public static TheoryData<string, IrProgram> Kept() => new()
    {
        { "used in arithmetic", Parser(Cmp(CompareOperator.Equal, Op(BinaryOperator.Add, Source, I(1)), I(5))) },
        { "compared in order", Parser(Cmp(CompareOperator.Less, Source, I(5))) },
        { "compared with another value", Parser(Cmp(CompareOperator.Equal, Source, Var("limit", IrType.U32, 0))) },
        { "returned", Parser(Cmp(CompareOperator.Equal, Source, I(5)), Exit(Source)) },
        { "copied", Parser(Cmp(CompareOperator.Equal, Source, I(5)), Set(L(2, IrType.U64), Source)) },
        { "added to atomically", Parser(Cmp(CompareOperator.Equal, Source, I(5)), Add(Source, I(1))) },
        { "compared with a constant out of the field's range", Parser(Cmp(CompareOperator.Equal, Source, I(1L << 32))) },
        { "compared with a negative constant", Parser(Cmp(CompareOperator.Equal, Source, I(-1))) },
        { "also assigned a constant", Parser(Cmp(CompareOperator.Equal, Source, I(5)), Set(Source, I(7))) },
        { "also assigned a field of another width", Parser(Cmp(CompareOperator.Equal, Source, I(5)), Set(Source, Field(36, IrType.U16, network: true))) },
        { "also assigned a field in CPU order", Parser(Cmp(CompareOperator.Equal, Source, I(5)), Set(Source, Field(30, IrType.U32))) },
        { "a signed local as wide as the field", Program(Set(L(3, IrType.I32), Field(26, IrType.U32, network: true)), If(Cmp(CompareOperator.Equal, L(3, IrType.I32), I(5)), Block(Exit(1))), Exit(2)) },
        { "a local narrower than the field", Program(Set(L(3, IrType.U16), Field(26, IrType.U32, network: true)), If(Cmp(CompareOperator.Equal, L(3, IrType.U16), I(5)), Block(Exit(1))), Exit(2)) },
    };

    [Theory]
    [MemberData(nameof(Kept))]
    public void A_local_is_kept_as_it_is_when_it_is(string because, IrProgram program)
        => Assert.True(ReferenceEquals(program, ByteOrderElision.Run(program)), because);

    /// <summary>One local at a time, assigned a field of 16 or 32 bits, in network or CPU order, once or on both
    /// branches of an if, and tested against constants some of which are what the packet holds there; the packet is random.</summary>
    static Arbitrary<(IrProgram Program, byte[] Packet)> Parsers { get; } = Arb.From(
        from bits in Gen.Elements(16, 32)
        from localType in Gen.Elements<IrType>(IrType.U64, IrType.I64, bits == 16 ? IrType.U16 : IrType.U32, IrType.U32)
        from network in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from offset in Gen.Choose(0, 60)
        from branch in Gen.Elements("none", "taken", "not taken")
        from packet in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 64)
        from count in Gen.Choose(1, 6)
        from picks in Gen.ArrayOf(Gen.Frequency(
            (2, Gen.Constant(-1L)), // what the packet holds, as the program reads it
            (2, Gen.Choose(0, 65535).Select(v => (long)v)),
            (1, Gen.Elements(0L, 0x8000L, 0xffffL, 0x80000000L, 0xffffffffL, 1L << 32))), count)
        from negate in Gen.ArrayOf(Gen.Elements(false, true), count)
        from constantOnLeft in Gen.Elements(false, true)
        select Parser(bits, localType, network, offset, branch, packet, picks, negate, constantOnLeft));

    static (IrProgram, byte[]) Parser(int bits, IrType localType, bool network, int offset, string branch, byte[] packet, long[] picks, bool[] negate, bool constantOnLeft)
    {
        var type = bits == 16 ? IrType.U16 : IrType.U32;
        var local = L(1, localType, "field");
        // on a branch, the local is assigned the field at offset when taken, the one at 60 − offset otherwise
        int read = branch == "not taken" ? 60 - offset : offset;
        var span = packet.AsSpan(read);
        long held = (bits, network) switch
        {
            (16, true) => BinaryPrimitives.ReadUInt16BigEndian(span), (16, false) => BinaryPrimitives.ReadUInt16LittleEndian(span),
            (_, true) => BinaryPrimitives.ReadUInt32BigEndian(span), _ => BinaryPrimitives.ReadUInt32LittleEndian(span),
        };
        Stmt assign = Set(local, Field(offset, type, network));
        var body = new List<Stmt>
        {
            branch == "none" ? assign
                : If(Cmp(CompareOperator.Equal, Field(0, IrType.U8), I(branch == "taken" ? packet[0] : packet[0] ^ 1)), Block(assign), Block(Set(local, Field(60 - offset, type, network)))),
        };
        for (int i = 0; i < picks.Length; i++)
        {
            var constant = I(picks[i] < 0 ? held : picks[i]);
            var op = negate[i] ? CompareOperator.NotEqual : CompareOperator.Equal;
            body.Add(If(constantOnLeft ? Cmp(op, constant, local) : Cmp(op, local, constant), Block(Exit(10 + i))));
        }
        body.Add(Exit(2));
        return (Program(If(Cmp(CompareOperator.GreaterOrEqual, Length, I(64)), Block([.. body])), Exit(2)), packet);
    }

    [Fact]
    public void The_rewritten_program_means_the_same_to_the_evaluator_and_compiled_to_the_interpreter()
        => PropertyRuns.Check(Parsers, c =>
        {
            var expected = IrEvaluator.Run(c.Program, c.Packet, new MapState()).ReturnValue;
            var rewritten = ByteOrderElision.Run(new Simplify().Rewrite(c.Program));
            Assert.Equal(expected, IrEvaluator.Run(rewritten, c.Packet, new MapState()).ReturnValue);
            foreach (var isa in Enum.GetValues<EbpfCat.Isa.IsaVersion>())
            {
                var compiled = EbpfCat.Compiler.Compile(c.Program, CompilerOptions.Default with { Isa = isa });
                ulong actual;
                try { actual = new SimulatedProgram(compiled).RunXdp(c.Packet).ReturnValue; }
                catch (Exception e) { throw new Xunit.Sdk.XunitException($"ISA {isa}: {e.Message}\n{EbpfCat.Isa.Disassembler.Disassemble(compiled.Instructions, new() { ShowSlotIndices = true })}"); }
                Assert.Equal(expected, (long)actual);
            }
        });

    [Fact]
    public void The_property_exercises_the_rewrite()
    {
        // Without this the property could pass by never rewriting anything.
        var rewrites = 0;
        PropertyRuns.Check(Parsers, c =>
        {
            var simplified = new Simplify().Rewrite(c.Program);
            if (!ReferenceEquals(simplified, ByteOrderElision.Run(simplified))) rewrites++;
        });
        Assert.True(rewrites > PropertyRuns.Count / 10, $"only {rewrites} of {PropertyRuns.Count} programs were rewritten");
    }
}

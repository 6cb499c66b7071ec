using Xunit;
using EbpfCat.Ir;
using EbpfCat.Ir.Evaluation;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Differential;

/// <summary>The reference evaluator's model of maps, the packet, helpers and fixed point.</summary>
public sealed class IrEvaluatorTests
{
    static EvaluationResult Run(IrProgram program, byte[]? packet = null, MapState? maps = null, EvaluationOptions? options = null)
        => IrEvaluator.Run(program, packet ?? [], maps ?? new MapState(), options);

    [Fact]
    public void Array_variables_are_little_endian_bytes_at_their_offset_in_element_0()
    {
        var result = Run(Program(Set(Var("I", IrType.U32, 4), I(0x01020304)), Set(Var("x", IrType.Fixed, 32), X(-1)), Exit(0)));
        var bytes = result.Maps.Bytes(Globals);
        Assert.Equal(48, bytes.Length);
        Assert.Equal(new byte[] { 4, 3, 2, 1 }, bytes[4..8]);
        Assert.Equal(-100000, BitConverter.ToInt64(bytes, 32));
    }

    [Fact]
    public void Reading_a_variable_extends_it_by_its_type()
    {
        var maps = new MapState();
        maps.Array(Globals)[16] = 0xff;
        Assert.Equal(-1, Run(Program(Exit(Var("b", IrType.I8, 16))), maps: maps).ReturnValue);
        Assert.Equal(255, Run(Program(Exit(Var("B", IrType.U8, 16))), maps: maps).ReturnValue);
    }

    [Fact]
    public void A_missing_hash_key_reads_0_and_an_atomic_add_inserts_it()
    {
        var h = HashVar("h", 7);
        var result = Run(Program(Set(L(1, IrType.I64), h), Add(h, I(5)), Exit(L(1, IrType.I64))));
        Assert.Equal(0, result.ReturnValue);
        Assert.Equal(5, BitConverter.ToInt64(result.Maps.Hash(Counters)[7]));
        Assert.Equal([7, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0], result.Maps.Bytes(Counters));
    }

    [Fact]
    public void Packet_fields_are_read_in_cpu_order_or_network_order()
    {
        byte[] packet = [0, 0, 0x08, 0x00];
        Assert.Equal(8, Run(Program(If(Cmp(CompareOperator.GreaterOrEqual, Length, I(4)), Block(Exit(Field(2, IrType.U16)))), Exit(-1)), packet).ReturnValue);
        Assert.Equal(0x0800, Run(Program(If(Cmp(CompareOperator.GreaterOrEqual, Length, I(4)), Block(Exit(Field(2, IrType.U16, network: true)))), Exit(-1)), packet).ReturnValue);
    }

    [Fact]
    public void Packet_writes_narrow_and_respect_the_byte_order()
    {
        var program = Program(If(Cmp(CompareOperator.GreaterOrEqual, Length, I(4)),
            Block(Set(Field(0, IrType.U16, network: true), I(0x10203)), Set(Field(2, IrType.I8), I(-1)))), Exit(0));
        Assert.Equal(new byte[] { 0x02, 0x03, 0xff, 0 }, Run(program, new byte[4]).Packet);
    }

    [Fact]
    public void A_packet_access_outside_the_packet_is_a_typed_error()
    {
        var e = Assert.Throws<PacketAccessException>(() => Run(Program(Exit(Field(12, IrType.U16))), new byte[13]));
        Assert.Equal((12, 2, 13), (e.Offset, e.Size, e.PacketLength));
    }

    [Fact]
    public void The_inputs_are_not_changed()
    {
        var maps = new MapState();
        var packet = new byte[4];
        Run(Program(Set(Var("Q", IrType.U64, 8), I(1)), If(Cmp(CompareOperator.GreaterOrEqual, Length, I(4)), Block(Set(Field(0, IrType.U8), I(1)))), Exit(0)), packet, maps);
        Assert.True(maps.ContentEquals(new MapState()));
        Assert.Equal(new byte[4], packet);
    }

    [Fact]
    public void Stores_narrow_to_the_destination_type_also_for_locals()
        => Assert.Equal(44, Run(Program(Set(L(1, IrType.U8), Op(BinaryOperator.Add, I(250), I(50))), Exit(L(1, IrType.U8)))).ReturnValue);

    [Fact]
    public void Helper_stubs_are_deterministic_and_replaceable()
    {
        var program = Program(Set(L(1, IrType.U64), new HelperCall(5, [], IrType.U64, At)), Exit(Op(BinaryOperator.Subtract, new HelperCall(5, [], IrType.U64, At), L(1, IrType.U64))));
        Assert.Equal(1000, Run(program).ReturnValue);
        Assert.Equal(Run(program), Run(program));
        var cpu = Program(Exit(new HelperCall(8, [], IrType.U32, At)));
        Assert.Equal(0, Run(cpu).ReturnValue);
        Assert.Equal(3, Run(cpu, options: EvaluationOptions.Default with { Helpers = new Dictionary<int, HelperStub> { [8] = (_, _) => 3 } }).ReturnValue);
        Assert.Throws<UnsupportedByEvaluatorException>(() => Run(Program(Exit(new HelperCall(99, [], IrType.U64, At)))));
    }

    [Fact]
    public void Context_fields_other_than_the_data_pointers_read_as_configured()
    {
        Assert.Equal(0, Run(Program(Exit(new ContextField(12, IrType.U32, At)))).ReturnValue);
        Assert.Throws<UnsupportedByEvaluatorException>(() => Run(Program(Exit(new ContextField(0, IrType.U32, At)))));
    }

    [Theory]
    [InlineData(1.5, -2.5, -3.75)]
    [InlineData(0.00001, 0.5, 0)]        // truncated to five decimals
    [InlineData(-0.00003, 0.5, -0.00001)] // toward zero
    public void Fixed_times_fixed_truncates_to_five_decimals(double a, double b, double expected)
        => Assert.Equal(FixedType.ToRaw(expected), Run(Program(Set(Var("x", IrType.Fixed, 32), Op(BinaryOperator.Multiply, X(a), X(b))), Exit(0))).Maps.Bytes(Globals) is var g ? BitConverter.ToInt64(g, 32) : 0);

    [Fact]
    public void Fixed_point_overflow_is_reported()
        => Assert.Throws<FixedPointOverflowException>(() => Run(Program(Exit(To(IrType.I64, Op(BinaryOperator.Multiply, X(1e6), X(1e6)))))));

    [Fact]
    public void A_program_that_ends_without_exit_has_no_result()
        => Assert.Throws<IrEvaluationException>(() => Run(Program(Set(L(1, IrType.I64), I(1)))));
}

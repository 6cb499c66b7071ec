using Xunit;
using EbpfCat.Diagnostics;
using EbpfCat.Ir;
using EbpfCat.Passes;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>The bounds check alone: for each guard form, which packet accesses it covers. A guard for 14
/// bytes covers a u16 at offset 12 (bytes 12..13) but not at 13 (bytes 13..14).</summary>
public sealed class BoundsCheckTests
{
    static readonly LocalRef N = L(1, IrType.I64, "n");
    static Stmt Read(int offset) => Set(N, Field(offset, IrType.U16));
    static Compare Len(CompareOperator op, long n) => Cmp(op, Length, I(n));
    static Compare Greater(long n) => Len(CompareOperator.Greater, n);
    static Compare AtLeast(long n) => Len(CompareOperator.GreaterOrEqual, n);
    static Compare Below(long n) => Len(CompareOperator.Less, n);
    static Compare AtMost(long n) => Len(CompareOperator.LessOrEqual, n);
    static readonly Compare Other = Cmp(CompareOperator.Equal, Var("I", IrType.U32, 4), I(1));

    public static TheoryData<string, IrProgram, int> Cases() => new()
    {
        { "no guard", Program(Read(12), Exit(0)), 1 },
        { "length > 13 covers bytes 12..13", Program(If(Greater(13), Block(Read(12))), Exit(0)), 0 },
        { "length > 13 does not cover bytes 13..14", Program(If(Greater(13), Block(Read(13))), Exit(0)), 1 },
        { "length >= 14 covers bytes 12..13", Program(If(AtLeast(14), Block(Read(12))), Exit(0)), 0 },
        { "length >= 14 does not cover bytes 13..14", Program(If(AtLeast(14), Block(Read(13))), Exit(0)), 1 },
        { "13 < length, the constant on the left", Program(If(Cmp(CompareOperator.Less, I(13), Length), Block(Read(12))), Exit(0)), 0 },
        { "length >= 14 does not cover its else branch", Program(If(AtLeast(14), Block(), Block(Read(12))), Exit(0)), 1 },
        { "length >= 14 does not cover what follows the if", Program(If(AtLeast(14), Block(Read(12))), Read(12), Exit(0)), 1 },
        { "length < 14 with early exit covers the rest", Program(If(Below(14), Block(Exit(1))), Read(12), Exit(0)), 0 },
        { "length < 14 with early exit, bytes 13..14", Program(If(Below(14), Block(Exit(1))), Read(13), Exit(0)), 1 },
        { "length <= 13 with early exit covers the rest", Program(If(AtMost(13), Block(Exit(1))), Read(12), Exit(0)), 0 },
        { "length < 14 without exit covers nothing after", Program(If(Below(14), Block(Set(N, I(1)))), Read(12), Exit(0)), 1 },
        { "length < 14 covers its else branch", Program(If(Below(14), Block(), Block(Read(12))), Exit(0)), 0 },
        { "length <= 13 covers its else branch", Program(If(AtMost(13), Block(Exit(1)), Block(Read(12))), Exit(0)), 0 },
        { "length < 14 does not cover its then branch", Program(If(Below(14), Block(Read(12))), Exit(0)), 1 },
        { "nested guards take the larger", Program(If(AtLeast(14), Block(If(AtLeast(10), Block(Read(12))))), Exit(0)), 0 },
        { "an inner guard extends the outer", Program(If(AtLeast(10), Block(If(AtLeast(14), Block(Read(12))))), Exit(0)), 0 },
        { "the outer guard alone is too small", Program(If(AtLeast(10), Block(If(Other, Block(Read(12))))), Exit(0)), 1 },
        { "a guard at the head of an and chain covers the rest and the body",
            Program(If(And(AtLeast(14), Cmp(CompareOperator.Equal, Field(12, IrType.U16), I(8))), Block(Read(12))), Exit(0)), 0 },
        { "a guard inside an and chain", Program(If(And(Other, And(AtLeast(14), Other)), Block(Read(12))), Exit(0)), 0 },
        { "an access before the guard in an and chain",
            Program(If(And(Cmp(CompareOperator.Equal, Field(12, IrType.U16), I(8)), AtLeast(14)), Block()), Exit(0)), 1 },
        { "a guard in an or proves nothing", Program(If(Or(AtLeast(14), Other), Block(Read(12))), Exit(0)), 1 },
        { "an early-exit guard ends with its block",
            Program(If(Other, Block(If(Below(14), Block(Exit(1))), Read(12))), Read(12), Exit(0)), 1 },
        { "writes are checked like reads", Program(If(AtLeast(14), Block(Set(Field(13, IrType.U16), I(1)))), Exit(0)), 1 },
        // guards from an offset local (bounded to 14..74 by its computation)
        { "length >= off + 4 covers off + 2..3", Indexed(If(FromOff(CompareOperator.GreaterOrEqual, 4), Block(ReadAt(2)))), 0 },
        { "length >= off + 4 does not cover off + 3..4", Indexed(If(FromOff(CompareOperator.GreaterOrEqual, 4), Block(ReadAt(3)))), 1 },
        { "length > off + 3 covers off + 2..3", Indexed(If(FromOff(CompareOperator.Greater, 3), Block(ReadAt(2)))), 0 },
        { "4 + off <= length, the sum the other way round", Indexed(If(Cmp(CompareOperator.LessOrEqual, Op(BinaryOperator.Add, I(4), Off), Length), Block(ReadAt(2)))), 0 },
        { "length < off + 4 with early exit covers the rest", Indexed(If(FromOff(CompareOperator.Less, 4), Block(Exit(1))), ReadAt(2)), 0 },
        { "a guard from the start does not cover fields from off", Indexed(If(AtLeast(100), Block(ReadAt(0)))), 1 },
        { "a guard from off does not cover fields from the start past the outer guard", Indexed(If(FromOff(CompareOperator.GreaterOrEqual, 4), Block(Read(40)))), 1 },
        { "assigning off inside its guard ends the cover", Indexed(If(FromOff(CompareOperator.GreaterOrEqual, 4), Block(Set(Off, I(20)), ReadAt(0)))), 1 },
        { "assigning off in a branch ends an earlier cover", Indexed(If(FromOff(CompareOperator.Less, 4), Block(Exit(1))), If(Other, Block(Set(Off, I(20)))), ReadAt(0)), 1 },
        { "a computed offset that is not a local", Program(If(AtLeast(14), Block(Set(N, new PacketField(Op(BinaryOperator.Add, I(1), I(1)), 0, IrType.U8, false, At)))), Exit(0)), 1 },
    };

    static readonly LocalRef Off = L(2, IrType.U64, "off");
    static Stmt ReadAt(int offset) => Set(N, new PacketField(Off, offset, IrType.U16, false, At));
    static Compare FromOff(CompareOperator op, long n) => Cmp(op, Length, Op(BinaryOperator.Add, Off, I(n)));

    /// <summary>Inside a 15-byte guard, <c>off = 14 + (packet[14] &amp; 0x0f) * 4</c>, then <paramref name="body"/>.</summary>
    static IrProgram Indexed(params Stmt[] body) => Program(
        If(AtLeast(15), Block(
        [
            Set(Off, Op(BinaryOperator.Add, I(14), Op(BinaryOperator.Multiply, Op(BinaryOperator.BitAnd, Field(14, IrType.U8), I(0x0f)), I(4)))),
            .. body,
        ])),
        Exit(0));

    [Fact]
    public void A_guard_from_an_offset_without_a_known_bound_is_reported_once_at_its_if()
    {
        var guard = If(FromOff(CompareOperator.GreaterOrEqual, 4), Block(ReadAt(0))) with { Location = Line(30) };
        var diagnostic = Assert.Single(BoundsCheck.Run(Program(Set(Off, Var("I", IrType.U64, 8)), guard, Exit(0))));
        Assert.Equal(DiagnosticIds.UnboundedPacketOffset, diagnostic.Id);
        Assert.Equal(Line(30), diagnostic.Location);
    }

    [Fact]
    public void A_guard_from_an_offset_past_the_verifiers_packet_range_is_reported()
    {
        var guard = If(FromOff(CompareOperator.GreaterOrEqual, 4), Block(ReadAt(0)));
        var diagnostic = Assert.Single(BoundsCheck.Run(Program(Set(Off, Op(BinaryOperator.BitAnd, Var("I", IrType.U64, 8), I(0xffff))), guard, Exit(0))));
        Assert.Equal(DiagnosticIds.UnboundedPacketOffset, diagnostic.Id);
        Assert.Contains("65535", diagnostic.Message);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_each_uncovered_access(string description, IrProgram program, int errors)
    {
        var diagnostics = BoundsCheck.Run(program);
        Assert.True(diagnostics.Count == errors, $"{description}: expected {errors} errors, got {string.Join("; ", diagnostics)}\n{program}");
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticIds.UnguardedPacketAccess, d.Id));
    }

    [Fact]
    public void The_packet_length_outside_a_comparison_with_a_constant_is_reported()
    {
        var diagnostic = Assert.Single(BoundsCheck.Run(Program(Exit(Length))));
        Assert.Equal(DiagnosticIds.PacketLengthUse, diagnostic.Id);
    }

    [Fact]
    public void The_message_names_the_bytes_and_the_guard_needed()
    {
        var field = Field(13, IrType.U16) with { Location = Line(20) };
        var diagnostic = Assert.Single(BoundsCheck.Run(Program(If(AtLeast(14), Block(Set(N, field))), Exit(0))));
        Assert.Equal(Line(20), diagnostic.Location);
        Assert.Contains("bytes 13..14", diagnostic.Message);
        Assert.Contains("first 14 bytes", diagnostic.Message);
    }
}

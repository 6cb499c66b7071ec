using Xunit;
using EbpfCat.Ir;
using EbpfCat.Properties.Support;
using EbpfCat.Ir.Evaluation;
using FsCheck.Fluent;

namespace EbpfCat.Properties.Generators;

/// <summary>The IR generators reach what they promise, rarely overflow fixed point, and shrink to valid programs.</summary>
public sealed class IrGeneratorTests
{
    static readonly IrCase[] Sample = IrGenerators.Case(helpers: true).Sample(400, 60);

    static bool Has(Func<Stmt, bool> predicate) => Sample.Any(c => IrWalk.Statements(c.Program.Body).Any(predicate));

    [Fact]
    public void Programs_contain_every_kind_of_statement_and_target()
    {
        Assert.True(Has(s => s is If { Condition: Compare { Left: PacketLength } or Compare { Right: PacketLength } }), "packet guards");
        Assert.True(Has(s => s is If { Condition: Logical { IsAnd: true, Left: Compare { Left: PacketLength } } }), "guards in and chains");
        Assert.True(Has(s => s is Assign { Target: PacketField }), "packet writes");
        Assert.True(Has(s => s is AtomicAdd { Target: MapVariableRef { Variable.Map.Kind: MapKind.Hash } }), "atomic adds on hash variables");
        Assert.True(Has(s => s is AtomicAdd { Target: MapVariableRef { Type: FixedType } }), "atomic adds on fixed point");
        Assert.True(Has(s => s is Assign { Value.Type: FixedType }), "fixed-point values");
        Assert.True(Has(s => s is If { Then.Statements: [.., Exit] }), "early exits");
        Assert.True(Sample.Any(c => IrWalk.Statements(c.Program.Body).Count(s => s is Assign { Target: LocalRef }) >= 12), "many live locals");
    }

    [Fact]
    public void Fixed_point_rarely_overflows()
    {
        int overflows = 0;
        foreach (var c in Sample)
        {
            try { IrEvaluator.Run(c.Program, c.Packet, c.Maps); }
            catch (FixedPointOverflowException) { overflows++; }
        }
        Assert.True(overflows < Sample.Length / 20, $"{overflows} of {Sample.Length} runs overflowed");
    }

    [Fact]
    public void Shrinking_gives_valid_programs_that_still_exit()
    {
        foreach (var c in Sample.Take(40))
            foreach (var smaller in IrGenerators.Shrink(c).Take(30))
            {
                Assert.True(IrGenerators.IsValid(smaller.Program), smaller.ToString());
                Assert.NotEqual(c.ToString(), smaller.ToString());
            }
    }
}

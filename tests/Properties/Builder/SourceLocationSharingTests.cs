using EbpfCat.Builder;
using EbpfCat.Ir;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Builder;

/// <summary>The IR of a program unrolled by a loop holds one location object per place in the source, not one per node.</summary>
public sealed class SourceLocationSharingTests
{
    sealed class Unrolled : XdpProgram
    {
        public ArrayVariable<ulong> Result = new();
        protected override void Build()
        {
            var x = Local(Result);
            for (int i = 0; i < 100; i++)
                x.Set((x ^ i) + (x >> 3)); // line 18
            Result.Set(x); // line 19
            Exit(XdpAction.Pass);
        }
    }

    [Fact]
    public void Every_node_built_on_one_line_shares_that_lines_location_and_other_lines_have_their_own()
    {
        using var program = new Unrolled();
        var assigns = ((Block)program.ToIr().Body).Statements.OfType<Assign>().ToList();
        var unrolled = assigns.Where(a => a.Location.Line == 18).ToList();
        Assert.Equal(100, unrolled.Count);

        var statementLocations = unrolled.Select(a => a.Location).Distinct(ReferenceEqualityComparer.Instance).ToList();
        Assert.Single(statementLocations);
        // operators carry their column as well, so each distinct (line, column) is one object however often it recurs
        var nodeLocations = unrolled.SelectMany(a => Support.IrWalk.Nodes(a.Value)).Select(e => e.Location).ToList();
        Assert.Equal(nodeLocations.Distinct().Count(), nodeLocations.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Contains(assigns, a => a.Location.Line == 19 && !ReferenceEquals(a.Location, statementLocations[0]));
    }
}

using EbpfCat.Builder;
using EbpfCat.Ir;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Builder;

/// <summary>An expression built with an operator is located at the user's line (and the column of its statement, as far as the symbols go), never inside the builder:
/// operators cannot take caller-info parameters, so the builder finds the user's frame on the stack, and that must not
/// depend on what the JIT chose to inline.</summary>
public sealed class OperatorLocationTests
{
    sealed class OperatorProgram : XdpProgram
    {
        public ArrayVariable<ulong> Result = new();
        protected override void Build()
        {
            var x = Local(Result);
            x.Set((x ^ 5) + (x >> 3)); // line 19
            If(x == 7 & !(x < 2), () => Result += 1); // line 20
            Exit(XdpAction.Pass);
        }
    }

    /// <summary>The operator nodes of <paramref name="e"/>, leaves left out.</summary>
    static IEnumerable<Expr> Operators(Expr e) => Support.IrWalk.Nodes(e).Where(n => n is Binary or Compare or Logical or Not);

    static List<Stmt> Built()
    {
        using var program = new OperatorProgram();
        return Support.IrWalk.Statements(program.ToIr().Body).ToList();
    }

    [Fact]
    public void Arithmetic_operators_name_the_users_file_and_line()
    {
        var assign = Built().OfType<Assign>().Single(a => a.Location.Line == 19);
        var operators = Operators(assign.Value).ToList();
        Assert.Equal(3, operators.Count); // +, ^, >>
        Assert.All(operators, e => Assert.EndsWith("OperatorLocationTests.cs", e.Location.File));
        Assert.All(operators, e => Assert.Equal(19, e.Location.Line));
    }

    [Fact]
    public void Comparison_and_logical_operators_and_plus_equals_name_the_users_line()
    {
        var statements = Built();
        var condition = statements.OfType<If>().Single().Condition;
        var operators = Operators(condition).ToList();
        Assert.Equal(4, operators.Count); // &, ==, !, <
        Assert.All(operators, e => Assert.Equal(("OperatorLocationTests.cs", 20), (Path.GetFileName(e.Location.File), e.Location.Line)));
        var add = statements.OfType<AtomicAdd>().Single();
        Assert.Equal(("OperatorLocationTests.cs", 20), (Path.GetFileName(add.Location.File), add.Location.Line));
    }

    [Fact]
    public void Locations_stay_in_user_code_after_the_builder_is_jit_optimised()
    {
        // Tiered compilation recompiles hot builder methods with inlining after about 30 calls; build often enough
        // for that and check the last build as well as the first.
        var first = Operators(Built().OfType<Assign>().Single(a => a.Location.Line == 19).Value).Select(e => e.Location).ToList();
        List<SourceLocation> last = [];
        for (int round = 0; round < 200; round++)
            last = Operators(Built().OfType<Assign>().Single(a => a.Location.Line == 19).Value).Select(e => e.Location).ToList();
        Assert.Equal(first, last);
        Assert.All(last, l => Assert.EndsWith("OperatorLocationTests.cs", l.File));
    }
}

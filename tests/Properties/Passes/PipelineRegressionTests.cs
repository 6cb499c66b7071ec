using Xunit;
using EbpfCat.Ir;
using EbpfCat.Isa;
using static EbpfCat.Properties.Passes.IrBuilder;

namespace EbpfCat.Properties.Passes;

/// <summary>Programs the differential properties found to break the pipeline, kept as regressions.</summary>
public sealed class PipelineRegressionTests
{
    [Fact]
    public void Nested_ifs_whose_branches_all_exit_compile()
    {
        var x = Var("x", IrType.Fixed, 32);
        var b = Var("b", IrType.I8, 16);
        var program = Program(If(Cmp(CompareOperator.Equal, new Constant(0, IrType.I8, At), x),
            Block(If(Cmp(CompareOperator.NotEqual, new Constant(0, IrType.U32, At), b), Block(Exit(0)), Block(Exit(0)))),
            Block(Exit(0))));
        var compiled = EbpfCat.Compiler.Compile(program);
        Assert.All(compiled.Instructions, i => Assert.Null(i.Validate()));
    }
}

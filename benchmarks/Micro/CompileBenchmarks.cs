using BenchmarkDotNet.Attributes;
using EbpfCat.Benchmarks.Programs;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Xdp;

namespace EbpfCat.Benchmarks.Micro;

/// <summary>Building IR with the C# builder, and compiling IR to bytecode bytes, for every reference program
/// and for straight-line programs of 10 to 100,000 statements (cost against size, with the time per statement beside it).</summary>
[MemoryDiagnoser]
[Config(typeof(PerStatementColumn.Config))]
public class CompileBenchmarks
{
    static readonly Dictionary<string, Func<XdpProgram>> Programs = new()
    {
        ["count"] = () => new CountXdp(),
        ["ipcount"] = () => new IpCountXdp(),
        ["fixed"] = () => new FixedXdp(),
        ["parse"] = () => new ParseXdp(),
        ["pressure"] = () => new PressureXdp(),
        ["large"] = () => new LargeXdp(),
        ["floor"] = () => new FloorXdp(),
        ["sized10"] = () => new SizedXdp(10),
        ["sized100"] = () => new SizedXdp(100),
        ["sized1000"] = () => new SizedXdp(1000),
        ["sized10000"] = () => new SizedXdp(10000),
        ["sized100000"] = () => new SizedXdp(100000),
    };

    [Params("count", "ipcount", "fixed", "parse", "pressure", "large", "floor", "sized10", "sized100", "sized1000", "sized10000", "sized100000")]
    public string Program { get; set; } = "count";

    IrProgram ir = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var p = Programs[Program]();
        ir = p.ToIr();
    }

    [Benchmark(Description = "build IR (C# builder)")]
    public IrProgram BuildIr()
    {
        using var p = Programs[Program]();
        return p.ToIr();
    }

    [Benchmark(Description = "compile IR to bytes (direct)")]
    public byte[] CompileToBytes() => InstructionEncoding.Encode(Compiler.Compile(ir).Instructions.Items.AsSpan());
}

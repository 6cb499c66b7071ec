using EbpfCat.Xdp;

namespace EbpfCat.Benchmarks.Programs;

/// <summary>A reference program: its name, its C twin (a file under c/) and its C# builder twin.</summary>
public sealed record ReferenceProgram(string Name, string CSource, Func<XdpProgram> CSharp)
{
    /// <summary>Every reference program; <paramref name="cDirectory"/> holds the C sources.</summary>
    public static IReadOnlyList<ReferenceProgram> All(string cDirectory) =>
    [
        new("count", Path.Combine(cDirectory, "count.c"), () => new CountXdp()),
        new("ipcount", Path.Combine(cDirectory, "ipcount.c"), () => new IpCountXdp()),
        new("fixed", Path.Combine(cDirectory, "fixed.c"), () => new FixedXdp()),
        new("parse", Path.Combine(cDirectory, "parse.c"), () => new ParseXdp()),
        new("pressure", Path.Combine(cDirectory, "pressure.c"), () => new PressureXdp()),
        new("large", Path.Combine(cDirectory, "large.c"), () => new LargeXdp()),
        new("floor", Path.Combine(cDirectory, "floor.c"), () => new FloorXdp()),
    ];
}

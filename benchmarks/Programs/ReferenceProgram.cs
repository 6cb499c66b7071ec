using EbpfCat.Xdp;

namespace EbpfCat.Benchmarks.Programs;

/// <summary>A reference program: its name, its C twin (a file under c/), its C# builder twin and, where written,
/// its F# <c>ebpf { }</c> twin (benchmarks/Programs.FSharp).</summary>
public sealed record ReferenceProgram(string Name, string CSource, Func<XdpProgram> CSharp)
{
    /// <summary>The F# twin, or null where there is none.</summary>
    public Func<XdpProgram>? FSharp { get; init; }

    /// <summary>Every reference program; <paramref name="cDirectory"/> holds the C sources, <paramref name="fsharp"/>
    /// the F# twins by program name (a project that does not reference the F# programs passes none).</summary>
    public static IReadOnlyList<ReferenceProgram> All(string cDirectory, IReadOnlyDictionary<string, Func<XdpProgram>>? fsharp = null) =>
        [.. Programs(cDirectory).Select(p => p with { FSharp = fsharp?.GetValueOrDefault(p.Name) })];

    static IReadOnlyList<ReferenceProgram> Programs(string cDirectory) =>
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

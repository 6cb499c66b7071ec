using System.Globalization;
using System.Text.Json;
using EbpfCat.Benchmarks.Compare;
using EbpfCat.Benchmarks.Programs;
using EbpfCat.Isa;

// Side by side with clang-19 -O2: instruction slots, verifier-processed instructions, BPF_PROG_LOAD time,
// ns per run (BPF_PROG_TEST_RUN); writes benchmarks/results/compare.json.
// --dump NAME prints both disassemblies of one program; --only NAME measures one program.
string? dump = Option("--dump"), only = Option("--only");
if (Option("--passes") is { } sizeText)
{
    // Time each pass of the direct back end on a straight-line program of the given size (Dump's text excluded).
    using var sized = new SizedXdp(int.Parse(sizeText, CultureInfo.InvariantCulture));
    var ir = sized.ToIr();
    long last = System.Diagnostics.Stopwatch.GetTimestamp();
    EbpfCat.Compiler.Compile(ir, EbpfCat.Passes.CompilerOptions.Default with
    {
        Dump = (pass, _) =>
        {
            Console.WriteLine($"{pass,-24} {System.Diagnostics.Stopwatch.GetElapsedTime(last).TotalMilliseconds,10:F1} ms");
            last = System.Diagnostics.Stopwatch.GetTimestamp();
        },
    });
    return 0;
}
string root = RepositoryRoot();
string work = Directory.CreateTempSubdirectory("ebpfcat-compare-").FullName;
try
{
    var programs = ReferenceProgram.All(Path.Combine(AppContext.BaseDirectory, "c"), RowSources.FSharpTwins)
        .Where(p => (only ?? dump) is null || p.Name == (only ?? dump)).ToList();
    var sources = RowSources.All(work);
    var packet = ReferencePacket.Create();
    var rows = new List<Row>();
    foreach (var program in programs)
    {
        var candidates = new List<(IRowSource Source, Candidate Candidate)>();
        try
        {
            foreach (var source in sources.Where(s => s.Covers(program))) candidates.Add((source, source.Build(program)));
            if (dump is not null)
            {
                foreach (var (source, candidate) in candidates)
                {
                    Console.WriteLine($"== {program.Name} {source.Label}: {candidate.Slots} slots");
                    Console.WriteLine(Disassembler.Disassemble(candidate.Instructions, new DisassemblyOptions { ShowSlotIndices = true }));
                }
                continue;
            }
            var measured = Measurement.Measure(program, candidates, packet);
            foreach (var (row, (source, _)) in measured.Zip(candidates))
                Console.Error.WriteLine($"  {row.Program,-9} {source.Label,-20} {row.Slots,6} slots  {row.NanosecondsPerRun,8:F1} ns");
            rows.AddRange(measured);
        }
        finally
        {
            foreach (var (_, candidate) in candidates) candidate.Dispose();
        }
    }
    if (dump is not null) return 0;

    var reference = sources[0];
    Console.WriteLine(Table(rows, reference));
    string json = Path.Combine(root, "benchmarks", "results", only is null ? "compare.json" : $"compare-{only}.json");
    Directory.CreateDirectory(Path.GetDirectoryName(json)!);
    File.WriteAllText(json, JsonSerializer.Serialize(new
    {
        date = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
        kernel = Environment.OSVersion.VersionString,
        cpu = ClangRows.Cpu,
        repeat = Measurement.Repeat,
        packetBytes = packet.Length,
        rows,
    }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));

    var direct = sources.OfType<FrontEndRows>().Single(s => s.FrontEnd == "C#" && s.Generator == EbpfCat.Emit.DirectCodeGenerator.Instance);
    var pairs = rows.Where(r => r.FrontEnd == direct.FrontEnd && r.BackEnd == direct.BackEnd)
        .Select(r => (ours: r, clang: rows.Single(c => c.Program == r.Program && c.BackEnd == reference.BackEnd))).ToList();
    double worstSlots = pairs.Max(p => (double)p.ours.Slots / p.clang.Slots);
    double worstNs = pairs.Max(p => p.ours.NanosecondsPerRun / p.clang.NanosecondsPerRun);
    Console.WriteLine($"wrote {Path.GetRelativePath(root, json)}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worst instruction ratio {worstSlots:F2}, worst ns ratio {worstNs:F2}"));
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "EbpfCat.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

static string Table(List<Row> rows, IRowSource reference)
{
    var lines = new List<string>
    {
        "| program | front end | back end | slots | vs clang | verifier processed | load µs (median of 20) | ns/run (median of 5) | vs clang | XDP action |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    };
    foreach (var r in rows)
    {
        var clang = rows.Single(c => c.Program == r.Program && c.BackEnd == reference.BackEnd);
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Program} | {r.FrontEnd} | {r.BackEnd} | {r.Slots} | {(double)r.Slots / clang.Slots:F2} | {r.Processed} | {r.LoadMicroseconds:F0} | {r.NanosecondsPerRun:F1} | {r.NanosecondsPerRun / clang.NanosecondsPerRun:F2} | {r.ReturnValue} |"));
    }
    return string.Join(Environment.NewLine, lines);
}

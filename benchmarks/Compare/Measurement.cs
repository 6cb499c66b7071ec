using System.Diagnostics;
using System.Text.RegularExpressions;
using EbpfCat.Benchmarks.Programs;
using EbpfCat.Loader;

namespace EbpfCat.Benchmarks.Compare;

/// <summary>The figures of one row: a program built by one row source.</summary>
public sealed record Row(string Program, string FrontEnd, string BackEnd, int Slots, int Processed, double LoadMicroseconds, double NanosecondsPerRun, uint ReturnValue);

/// <summary>Measures a <see cref="Candidate"/> the same way whatever produced it.</summary>
public static partial class Measurement
{
    public const int Loads = 20, Runs = 5, Repeat = 1_000_000;

    /// <summary>The rows of one program, one per candidate.</summary>
    /// <remarks>The runs of BPF_PROG_TEST_RUN go round the candidates, one run of each per round, and each run is of a
    /// load of its own. Measured one candidate after another, a change in the machine's speed between them (this
    /// host's drifts by a third in an hour) showed up as a difference between back ends; and one load's speed depends
    /// on where the kernel placed its JIT image: two loads of the same bytes differed by 13% on a 40 ns program. So
    /// every candidate's median comes from the same stretch of time and from five placements.</remarks>
    public static List<Row> Measure(ReferenceProgram program, IReadOnlyList<(IRowSource Source, Candidate Candidate)> candidates, byte[] packet)
    {
        var rows = new List<Row>();
        foreach (var (source, candidate) in candidates)
        {
            int processed;
            uint returned;
            using (var verified = candidate.Load(new ProgramLoadOptions { LogLevel = VerifierLogLevel.Statistics }))
            {
                var m = ProcessedLine().Match(verified.VerifierLog ?? "");
                processed = m.Success ? int.Parse(m.Groups[1].Value) : (int)verified.Info.VerifiedInstructionCount;
                returned = verified.TestRun(packet).ReturnValue;
            }

            var loadTimes = new double[Loads];
            for (int i = 0; i < Loads; i++)
            {
                long start = Stopwatch.GetTimestamp();
                using var p = candidate.Load();
                loadTimes[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
            rows.Add(new Row(program.Name, source.FrontEnd, source.BackEnd, candidate.Slots, processed, Median(loadTimes), 0, returned));
        }

        var runTimes = candidates.Select(_ => new double[Runs]).ToArray();
        for (int i = 0; i < Runs; i++)
            for (int c = 0; c < candidates.Count; c++)
            {
                using var running = candidates[c].Candidate.Load();
                runTimes[c][i] = running.TestRun(packet, Repeat).DurationNanoseconds;
            }
        return [.. rows.Select((row, c) => row with { NanosecondsPerRun = Median(runTimes[c]) })];
    }

    static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    [GeneratedRegex(@"processed (\d+) insns")]
    private static partial Regex ProcessedLine();
}

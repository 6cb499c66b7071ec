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

    public static Row Measure(ReferenceProgram program, IRowSource source, Candidate candidate, byte[] packet)
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

        var runTimes = new double[Runs];
        using (var running = candidate.Load())
            for (int i = 0; i < Runs; i++)
                runTimes[i] = running.TestRun(packet, Repeat).DurationNanoseconds;

        return new Row(program.Name, source.FrontEnd, source.BackEnd, candidate.Slots, processed, Median(loadTimes), Median(runTimes), returned);
    }

    static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    [GeneratedRegex(@"processed (\d+) insns")]
    private static partial Regex ProcessedLine();
}

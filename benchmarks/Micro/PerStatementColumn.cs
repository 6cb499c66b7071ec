using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EbpfCat.Benchmarks.Micro;

/// <summary>The mean divided by the program's statement count, for the straight-line <c>sizedN</c> programs: linear cost
/// is a flat column, which is easier to read than ratios of means across rows.</summary>
/// <example><code>[Config(typeof(PerStatementColumn.Config))] public class CompileBenchmarks { ... }</code></example>
public sealed class PerStatementColumn : IColumn
{
    /// <summary>Adds the column to a benchmark class.</summary>
    public sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config() => AddColumn(new PerStatementColumn());
    }

    public string Id => nameof(PerStatementColumn);
    public string ColumnName => "Per statement";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 10;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => "Mean divided by the statement count of a sizedN program";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var program = benchmarkCase.Parameters["Program"] as string;
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (program is null || !program.StartsWith("sized") || !int.TryParse(program.AsSpan(5), out var statements) || mean is null) return "-";
        return $"{mean.Value / statements:N1} ns";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

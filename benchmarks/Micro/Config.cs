using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace EbpfCat.Benchmarks.Micro;

/// <summary>Short runs: the whole suite stays within a few minutes on a shared 2-core machine.</summary>
public sealed class ShortConfig : ManualConfig
{
    public ShortConfig() => AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5));
}

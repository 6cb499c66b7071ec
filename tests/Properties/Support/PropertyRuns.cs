using FsCheck;
using FsCheck.Fluent;

namespace EbpfCat.Properties.Support;

/// <summary>How many cases each randomised property runs: <c>EBPFCAT_PROPERTY_RUNS</c>, 1000 when unset
/// (as in CI); set it lower for a quick local run or higher for a soak.</summary>
public static class PropertyRuns
{
    /// <summary>The number of cases per property.</summary>
    public static int Count { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("EBPFCAT_PROPERTY_RUNS"), out var n) && n > 0 ? n : 1000;

    /// <summary>FsCheck's configuration with <see cref="Count"/> cases, throwing on failure (with the shrunk counterexample).</summary>
    public static Config Config => Config.QuickThrowOnFailure.WithMaxTest(Count).WithQuietOnSuccess(true);

    /// <summary>Checks <paramref name="property"/> for <see cref="Count"/> cases drawn from <paramref name="cases"/>.</summary>
    public static void Check<T>(Arbitrary<T> cases, Func<T, bool> property)
        => Prop.ForAll(cases, property).Check(Config);

    /// <summary>Checks <paramref name="property"/>, an assertion that throws on failure, for <see cref="Count"/> cases.</summary>
    public static void Check<T>(Arbitrary<T> cases, Action<T> property)
        => Prop.ForAll(cases, property).Check(Config);
}

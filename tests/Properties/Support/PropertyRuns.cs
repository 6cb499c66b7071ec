using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace EbpfCat.Properties.Support;

/// <summary>How many cases each randomised property runs, and from which seed.</summary>
/// <remarks>
/// <para><c>EBPFCAT_PROPERTY_RUNS</c>: cases per property, 1000 when unset (as in CI); lower for a quick local run,
/// higher for a soak.</para>
/// <para><c>EBPFCAT_PROPERTY_SEED</c>: where the random cases start, as FsCheck prints it on a failure, <c>(seed,gamma)</c>
/// or <c>(seed,gamma,size)</c> to go straight to the failing step, or one number. Unset, each run draws a fresh seed;
/// CI sets one so that whether a change lands does not depend on the draw (the long mode and local runs explore).</para>
/// </remarks>
public static class PropertyRuns
{
    /// <summary>The number of cases per property.</summary>
    public static int Count { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("EBPFCAT_PROPERTY_RUNS"), out var n) && n > 0 ? n : 1000;

    /// <summary>The seed from <c>EBPFCAT_PROPERTY_SEED</c>, or null for a fresh one.</summary>
    public static Replay? Seed { get; } = ParseSeed(Environment.GetEnvironmentVariable("EBPFCAT_PROPERTY_SEED"));

    /// <summary>FsCheck's configuration with <see cref="Count"/> cases from <see cref="Seed"/>, throwing on failure (with the shrunk counterexample).</summary>
    public static Config Config
    {
        get
        {
            var config = Config.QuickThrowOnFailure.WithMaxTest(Count).WithQuietOnSuccess(true);
            return Seed is null ? config : config.WithReplay(FSharpOption<Replay>.Some(Seed));
        }
    }

    /// <summary>Checks <paramref name="property"/> for <see cref="Count"/> cases drawn from <paramref name="cases"/>.</summary>
    public static void Check<T>(Arbitrary<T> cases, Func<T, bool> property)
        => Prop.ForAll(cases, property).Check(Config);

    /// <summary>Checks <paramref name="property"/>, an assertion that throws on failure, for <see cref="Count"/> cases.</summary>
    public static void Check<T>(Arbitrary<T> cases, Action<T> property)
        => Prop.ForAll(cases, property).Check(Config);

    /// <summary>As <see cref="Check{T}(Arbitrary{T}, Action{T})"/>, running cases on every core at once: for the costly
    /// differentials, where one property would otherwise keep one core busy while the other idles. The cases, and a
    /// failure's shrunk counterexample and seed, are those of a sequential check; <paramref name="property"/> must be
    /// safe to call from several threads for different cases.</summary>
    public static void CheckInParallel<T>(Arbitrary<T> cases, Action<T> property)
        => Prop.ForAll(cases, property).Check(Config.WithParallelRunConfig(FSharpOption<ParallelRunConfig>.Some(new ParallelRunConfig(Environment.ProcessorCount))));

    /// <summary><c>(seed,gamma)</c>, <c>(seed,gamma,size)</c> or <c>seed</c>; null for null or blank text.</summary>
    /// <exception cref="FormatException">The text is none of those.</exception>
    public static Replay? ParseSeed(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Trim().Trim('(', ')').Split(',', StringSplitOptions.TrimEntries);
        var numbers = parts.Select(p => ulong.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (ulong?)null).ToArray();
        if (numbers.Length is < 1 or > 3 || numbers.Any(v => v is null))
            throw new FormatException($"EBPFCAT_PROPERTY_SEED '{text}' is not (seed,gamma), (seed,gamma,size) or one number");
        var rnd = numbers.Length == 1 ? new Rnd(numbers[0]!.Value) : new Rnd(numbers[0]!.Value, numbers[1]!.Value);
        var size = numbers.Length == 3 ? FSharpOption<int>.Some(checked((int)numbers[2]!.Value)) : FSharpOption<int>.None;
        return new Replay(rnd, size);
    }
}

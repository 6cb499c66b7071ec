using System.Text.RegularExpressions;

namespace EbpfCat.Loader;

/// <summary>Reads the parts of a verifier log that matter to a user.</summary>
internal static partial class VerifierLog
{
    /// <summary>How many meaningful lines a summary keeps.</summary>
    const int SummaryLines = 3;

    // Lines the verifier appends after the verdict; they are statistics, not the reason.
    static readonly string[] StatisticsPrefixes =
        ["processed ", "verification time", "stack depth", "max_states_per_insn", "insn_stack", "mark_read", "peak_states", "-- END PROG LOAD LOG --"];

    /// <summary>The last few lines that are not statistics or blank.</summary>
    internal static string Summarize(string log)
    {
        var lines = Meaningful(log);
        return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Count - SummaryLines)));
    }

    /// <summary>The index of the last instruction the verifier printed before giving up, if any.</summary>
    /// <remarks>The verifier prints each instruction it checks as <c>N: (op) text</c> (and register
    /// states as <c>N: R0=...</c>); the last such index before the verdict is where it stopped.</remarks>
    internal static int? FailingInstruction(string log)
    {
        int? last = null;
        foreach (var line in Meaningful(log))
        {
            var m = InstructionLine().Match(line);
            if (m.Success) last = int.Parse(m.Groups[1].ValueSpan);
        }
        return last;
    }

    static List<string> Meaningful(string log) =>
        [.. log.Split('\n')
            .Select(l => l.TrimEnd('\r', ' ', '\t'))
            .Where(l => l.Length > 0 && !StatisticsPrefixes.Any(p => l.StartsWith(p, StringComparison.Ordinal)))];

    [GeneratedRegex(@"^(\d+): (\([0-9a-f]{2}\)|R\d)")]
    private static partial Regex InstructionLine();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace EbpfCat.Properties.Conformance;

/// <summary>Faults of the Linux verifier that the kernel differential meets, each recognised from the verifier's own
/// level-2 log, so that a disagreement is put down to the kernel only where the kernel's log shows the faulty step.</summary>
/// <remarks>Measured on Linux 6.18.44 (x86_64). A fault listed here makes the kernel run a program differently from
/// the ISA; the properties count such programs and fail on every other disagreement.</remarks>
public static partial class KernelVerifierFaults
{
    /// <summary>The reason given for <see cref="LostPrecisionThroughAtomicFetch"/>.</summary>
    public const string AtomicFetchReason =
        "the verifier's precision backtracking steps over an atomic fetch (atomic_fetch_*, xchg, cmpxchg) on a stack " +
        "slot as if it did not define its register: the slot it reads is never marked precise, so a later path whose " +
        "slot holds another constant is pruned as equivalent and the branch only that path takes is removed as dead code";

    /// <summary>True when <paramref name="verifierLog"/> (BPF_LOG_LEVEL2) shows precision backtracking that reached an
    /// atomic fetch from the stack with the fetched register to mark and left the stack slot it reads unmarked.</summary>
    /// <example><code>
    /// var kernel = new KernelEngine(logLevel: VerifierLogLevel.Verbose).Run(program, null);
    /// bool kernelsFault = KernelVerifierFaults.LostPrecisionThroughAtomicFetch(kernel.VerifierLog!);
    /// </code></example>
    public static bool LostPrecisionThroughAtomicFetch(string verifierLog)
    {
        ArgumentNullException.ThrowIfNull(verifierLog);
        var lines = verifierLog.Split('\n');
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            var fetch = AtomicFetchStep().Match(lines[i]);
            if (!fetch.Success || !fetch.Groups["regs"].Value.Split(',').Contains("r" + fetch.Groups["dst"].Value)) continue;
            // The next step of the same walk (or the parent state it moves to) says what is marked before the fetch.
            var next = PrecisionStep().Match(lines[i + 1]);
            int offset = int.Parse(fetch.Groups["off"].Value, CultureInfo.InvariantCulture);
            string slot = (-(((-offset - 1) / 8 + 1) * 8)).ToString(CultureInfo.InvariantCulture);
            if (next.Success && !next.Groups["stack"].Value.Split(',').Contains(slot)) return true;
        }
        return false;
    }

    // mark_precise: frame0: regs=r5 stack= before 9: (db) r5 = atomic64_fetch_and((u64 *)(r10 -16), r5)
    [GeneratedRegex(@"mark_precise: frame\d+: regs=(?<regs>\S*) stack=\S* before \d+: \((?:db|c3)\) [rw](?<dst>\d+) = atomic\w*\(\(u(?:32|64) \*\)\(r10 (?<off>-\d+)\)")]
    private static partial Regex AtomicFetchStep();

    // mark_precise: frame0: regs=r5 stack= before 8: ...   or   mark_precise: frame0: parent state regs=r5 stack=:  R1=...
    [GeneratedRegex(@"mark_precise: frame\d+: (?:parent state )?regs=\S* stack=(?<stack>[^\s:]*)")]
    private static partial Regex PrecisionStep();
}

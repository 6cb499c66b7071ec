using System.Globalization;
using System.Text.RegularExpressions;
using EbpfCat.Engines;
using EbpfCat.Isa;
using EbpfCat.Loader;

namespace EbpfCat.Properties.Conformance;

/// <summary>Faults of the Linux verifier that the kernel differential meets. Each is recognised from evidence the
/// kernel itself gives, so that a disagreement is put down to the kernel only where the kernel shows the faulty
/// step, and every other disagreement fails the property.</summary>
/// <remarks>Measured on Linux 6.18.44 (x86_64). Both faults are of the verifier's path pruning: a path is cut as
/// equivalent to one walked before, and something only the cut path needed is then missing from the program.</remarks>
public static partial class KernelVerifierFaults
{
    /// <summary>Why the kernel differs when <see cref="LostPrecisionThroughAtomicFetch"/> holds.</summary>
    public const string AtomicFetchReason =
        "the verifier's precision backtracking steps over an atomic fetch (atomic_fetch_*, xchg, cmpxchg) on a stack " +
        "slot as if it did not define its register: the slot it reads is never marked precise, so a later path whose " +
        "slot holds another constant is pruned as equivalent and the branch only that path takes is removed as dead code";

    /// <summary>Why the kernel differs when <see cref="MissesCmpxchgZeroExtension"/> holds.</summary>
    public const string CmpxchgZeroExtensionReason =
        "a 32-bit cmpxchg zero-extends r0 in the ISA, but x86 writes eax only when the comparison fails, so the " +
        "verifier patches in 'w0 = w0' where r0's upper half is read later; when the path that reads it is pruned, " +
        "the read is not credited to the cmpxchg, the patch is left out and r0 keeps its old upper half";

    /// <summary>The fault that explains why the kernel ran <paramref name="program"/> (result <paramref name="kernel"/>)
    /// differently from the ISA (whose result, from the interpreter, is <paramref name="interpreter"/>), or null when no
    /// known fault does.</summary>
    /// <example><code>
    /// string? reason = KernelVerifierFaults.Explain(program, new KernelEngine().Run(program, null), new InterpreterEngine().Run(program, null));
    /// </code></example>
    public static string? Explain(IReadOnlyList<Instruction> program, EngineResult kernel, EngineResult interpreter)
    {
        var logged = new KernelEngine(logLevel: VerifierLogLevel.Verbose).Run(program, null);
        if (logged.VerifierLog is { } log && LostPrecisionThroughAtomicFetch(log)) return AtomicFetchReason;
        if (MissesCmpxchgZeroExtension(program, kernel, interpreter)) return CmpxchgZeroExtensionReason;
        return null;
    }

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

    /// <summary>True when <paramref name="program"/> has a 32-bit cmpxchg, the kernel's run of it (<paramref name="kernel"/>)
    /// returned otherwise than the interpreter's (<paramref name="interpreter"/>), and writing out the zero extension the ISA already gives each
    /// cmpxchg (<c>w0 = w0</c> after it, a no-op in the ISA) makes the kernel return what the interpreter did.</summary>
    /// <example><code>bool kernelsFault = KernelVerifierFaults.MissesCmpxchgZeroExtension(program, kernelResult, interpreterResult);</code></example>
    public static bool MissesCmpxchgZeroExtension(IReadOnlyList<Instruction> program, EngineResult kernel, EngineResult interpreter)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(interpreter);
        if (!interpreter.Succeeded || !program.Any(IsCmpxchg32)) return false;
        if (kernel.Succeeded && kernel.ReturnValue == interpreter.ReturnValue) return false;
        var zeroExtended = ProgramSplicer.Splice(program, [], (_, _, i) => IsCmpxchg32(i) ? [i, AluOperation.Mov.Reg32(Register.R0, Register.R0)] : null);
        var rerun = new KernelEngine().Run(zeroExtended.Instructions, null);
        return rerun.Succeeded && rerun.ReturnValue == interpreter.ReturnValue;
    }

    static bool IsCmpxchg32(Instruction i)
        => i.Opcode.Class == InstructionClass.Stx && i.Opcode.Mode == AccessMode.Atomic && i.Opcode.Size == AccessSize.Word
           && i.Imm32 == (int)AtomicOperation.CompareExchange;

    // mark_precise: frame0: regs=r5 stack= before 9: (db) r5 = atomic64_fetch_and((u64 *)(r10 -16), r5)
    [GeneratedRegex(@"mark_precise: frame\d+: regs=(?<regs>\S*) stack=\S* before \d+: \((?:db|c3)\) [rw](?<dst>\d+) = atomic\w*\(\(u(?:32|64) \*\)\(r10 (?<off>-\d+)\)")]
    private static partial Regex AtomicFetchStep();

    // mark_precise: frame0: regs=r5 stack= before 8: ...   or   mark_precise: frame0: parent state regs=r5 stack=:  R1=...
    [GeneratedRegex(@"mark_precise: frame\d+: (?:parent state )?regs=\S* stack=(?<stack>[^\s:]*)")]
    private static partial Regex PrecisionStep();
}

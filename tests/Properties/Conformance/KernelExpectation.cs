using EbpfCat.Engines;

namespace EbpfCat.Properties.Conformance;

/// <summary>What the Linux kernel does with a conformance file where it legitimately differs from the ISA document,
/// and why: the kernel test asserts exactly this, so the entry breaks when the kernel changes.</summary>
/// <param name="Outcome">What the kernel engine reports.</param>
/// <param name="Evidence">For a rejection, text the verifier's message must contain.</param>
/// <param name="ReturnValue">For a program that runs, the r0 the kernel gives.</param>
/// <param name="Reason">Why the kernel differs.</param>
public sealed record KernelExpectation(EngineOutcome Outcome, string? Evidence, ulong? ReturnValue, string Reason)
{
    /// <summary>The verifier rejects the program with a message containing <paramref name="evidence"/>.</summary>
    public static KernelExpectation Rejected(string evidence, string because) => new(EngineOutcome.Rejected, evidence, null, because);

    /// <summary>The kernel runs the program and returns <paramref name="value"/>, not the file's result.</summary>
    public static KernelExpectation Returns(ulong value, string because) => new(EngineOutcome.Returned, null, value, because);
}

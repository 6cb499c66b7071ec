using EbpfCat.Engines;
using EbpfCat.FSharp;
using EbpfCat.Loader;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Conformance;

/// <summary><see cref="KernelVerifierFaults"/> names a fault exactly where the kernel runs a program differently from
/// the ISA: on the smallest program that shows it, and not on the same program with a plain load.</summary>
public sealed class KernelVerifierFaultTests
{
    // Path A (the fall-through, which the verifier walks first) stores 0x40000000 in fp-16; path B, the one taken,
    // leaves 0 there. The fetched value decides r0: 2 on path B. A verifier that loses the slot's precision at the
    // fetch prunes path B at the jump target as equivalent to A and removes "r0 = 2" as dead code, so r0 is 1.
    const string Template = """
        r3 = 0
        *(u64 *)(r10 - 0x10) = r3
        r5 = 0
        r4 = 0x22
        r4 s%= 0x7
        if r4 <= 0x3b goto +0x3
        r9 = 0x40000000
        *(u64 *)(r10 - 0x10) = r9
        if w9 == 0x2 goto +0x0
        FETCH
        r0 = 1
        if r5 != 0x0 goto +0x1
        r0 = 2
        exit
        """;

    [Theory]
    [InlineData("r5 = atomic_fetch_and((u64 *)(r10 - 0x10), r5)")]
    [InlineData("r5 = atomic_fetch_or((u64 *)(r10 - 0x10), r5)")]
    [InlineData("r5 = atomic_fetch_add((u64 *)(r10 - 0x10), r5)")]
    [InlineData("w5 = atomic_fetch_xor((u32 *)(r10 - 0x10), w5)")]
    [InlineData("r5 = xchg_64(r10 - 0x10, r5)")]
    [InlineData("r5 = *(u64 *)(r10 - 0x10)")]
    public void The_atomic_fetch_precision_fault_is_named_exactly_when_the_kernel_returns_otherwise(string fetch)
    {
        KernelRequirement.Require();
        var program = Assembler.Assemble(Template.Replace("FETCH", fetch));
        Assert.Equal(EngineResult.Returned(2, null), new InterpreterEngine().Run(program, null));
        var kernel = new KernelEngine(logLevel: VerifierLogLevel.Verbose).Run(program, null);
        Assert.True(kernel.Succeeded, kernel.ToString());
        Assert.Equal(kernel.ReturnValue != 2, KernelVerifierFaults.LostPrecisionThroughAtomicFetch(kernel.VerifierLog!));
    }

    [Fact]
    public void A_log_without_an_atomic_fetch_names_no_fault()
        => Assert.False(KernelVerifierFaults.LostPrecisionThroughAtomicFetch("""
            mark_precise: frame0: regs=r5 stack= before 9: (79) r5 = *(u64 *)(r10 -16)
            mark_precise: frame0: regs= stack=-16 before 8: (7b) *(u64 *)(r10 -16) = r9
            """));
}

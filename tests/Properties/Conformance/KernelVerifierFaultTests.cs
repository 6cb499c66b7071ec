using EbpfCat.Engines;
using EbpfCat.FSharp;
using EbpfCat.Loader;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Conformance;

/// <summary><see cref="KernelVerifierFaults"/> names a fault exactly where the kernel runs a program differently from
/// the ISA: on the smallest programs that show each fault, and not on their neighbours that the kernel runs right.</summary>
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

    // Path A (the fall-through, walked first) writes w0 itself; path B, the one taken, reads the upper half of the r0
    // that the 32-bit cmpxchg left, which the ISA zero-extends: 0. The cmpxchg succeeds (w0 = 0 = the low word in
    // memory), and on success x86 leaves rax as it was, upper half 1, unless the verifier patches in "w0 = w0".
    const string CmpxchgTemplate = """
        r3 = 0x100000000 ll
        *(u64 *)(r10 - 0x20) = r3
        r5 = *(u16 *)(r10 - 0x1e)
        r0 = 0x100000000 ll
        r7 = 0x25
        w0 = cmpxchg32_32(r10 - 0x20, w0, w7)
        if r7 s>= r5 goto +0x2
        PATH_A
        if w7 s> w5 goto +0x0
        r0 >>= 32
        exit
        """;

    [Theory]
    [InlineData("w0 s/= w7")]
    [InlineData("w0 = 3")]
    [InlineData("r7 = 3")]
    public void The_missing_cmpxchg_zero_extension_is_named_exactly_when_the_kernel_returns_otherwise(string pathA)
    {
        KernelRequirement.Require();
        var program = Assembler.Assemble(CmpxchgTemplate.Replace("PATH_A", pathA));
        var interpreter = new InterpreterEngine().Run(program, null);
        Assert.Equal(EngineResult.Returned(0, null), interpreter);
        var kernel = new KernelEngine().Run(program, null);
        Assert.True(kernel.Succeeded, kernel.ToString());
        Assert.Equal(kernel.ReturnValue != 0, KernelVerifierFaults.MissesCmpxchgZeroExtension(program, kernel, interpreter));
    }

    [Fact]
    public void A_log_without_an_atomic_fetch_names_no_fault()
        => Assert.False(KernelVerifierFaults.LostPrecisionThroughAtomicFetch("""
            mark_precise: frame0: regs=r5 stack= before 9: (79) r5 = *(u64 *)(r10 -16)
            mark_precise: frame0: regs= stack=-16 before 8: (7b) *(u64 *)(r10 -16) = r9
            """));
}

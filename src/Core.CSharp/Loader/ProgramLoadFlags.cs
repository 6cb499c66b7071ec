namespace EbpfCat.Loader;

/// <summary>Flags for BPF_PROG_LOAD (<c>prog_flags</c>), with the kernel that introduced each.</summary>
/// <example><code>new ProgramLoadOptions { Flags = ProgramLoadFlags.XdpHasFragments }</code></example>
[Flags]
public enum ProgramLoadFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>BPF_F_STRICT_ALIGNMENT: check alignment as on strict architectures (kernel 4.12).</summary>
    StrictAlignment = 1u << 0,
    /// <summary>BPF_F_ANY_ALIGNMENT: skip alignment checks, for testing (kernel 5.0).</summary>
    AnyAlignment = 1u << 1,
    /// <summary>BPF_F_TEST_RND_HI32: randomise upper halves of 32-bit results, for testing (kernel 5.3).</summary>
    TestRandomHigh32 = 1u << 2,
    /// <summary>BPF_F_TEST_STATE_FREQ: check verifier state pruning often, for testing (kernel 5.4).</summary>
    TestStateFrequency = 1u << 3,
    /// <summary>BPF_F_SLEEPABLE: the program may sleep (kernel 5.10).</summary>
    Sleepable = 1u << 4,
    /// <summary>BPF_F_XDP_HAS_FRAGS: the XDP program handles multi-buffer packets (kernel 5.18).</summary>
    XdpHasFragments = 1u << 5,
    /// <summary>BPF_F_XDP_DEV_BOUND_ONLY: the program may only run on its bound device (kernel 6.3).</summary>
    XdpDeviceBoundOnly = 1u << 6,
}

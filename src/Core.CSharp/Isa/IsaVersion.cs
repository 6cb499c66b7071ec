namespace EbpfCat.Isa;

/// <summary>Versions of the eBPF instruction set, as clang's <c>-mcpu=v1..v4</c> names them.</summary>
/// <example><code>var options = new CompilerOptions { Isa = IsaVersion.V3 };</code></example>
public enum IsaVersion
{
    /// <summary>The original instruction set.</summary>
    V1 = 1,
    /// <summary>Adds jlt, jle, jslt, jsle (kernel 4.14).</summary>
    V2 = 2,
    /// <summary>Adds 32-bit jumps and atomics with fetch, xchg, cmpxchg (kernel 5.1 / 5.12).</summary>
    V3 = 3,
    /// <summary>Adds signed division, sign-extending moves and loads, bswap and gotol (kernel 6.6).</summary>
    V4 = 4,
}

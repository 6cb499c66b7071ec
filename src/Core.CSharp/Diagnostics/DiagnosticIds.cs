namespace EbpfCat.Diagnostics;

/// <summary>The stable ids of EbpfCat's diagnostics; documented, never reused.</summary>
public static class DiagnosticIds
{
    /// <summary>An operand has a type the operation does not take (e.g. a condition used as a number).</summary>
    public const string TypeMismatch = "EBPF0001";
    /// <summary>An assignment target is not a local, map variable or packet field.</summary>
    public const string NotAssignable = "EBPF0002";
    /// <summary><c>+=</c> as an atomic add on a variable that is not 4 or 8 bytes wide.</summary>
    public const string AtomicAddSize = "EBPF0003";
    /// <summary>A bit operation or shift applied to fixed point.</summary>
    public const string FixedPointBitOperation = "EBPF0004";
    /// <summary>A constant does not fit the type it is stored into.</summary>
    public const string ConstantOverflow = "EBPF0005";
    /// <summary>A construct of the front end's language that cannot run in eBPF (e.g. an F# while loop over a run-time value).</summary>
    public const string UnsupportedConstruct = "EBPF0006";
    /// <summary>A packet access not covered by a dominating packet-size guard.</summary>
    public const string UnguardedPacketAccess = "EBPF0101";
    /// <summary>A map lookup result used without a null check.</summary>
    public const string UncheckedMapLookup = "EBPF0102";
    /// <summary>More than 512 bytes of stack.</summary>
    public const string StackOverflow = "EBPF0103";
    /// <summary>The packet length used other than in a comparison with a constant.</summary>
    public const string PacketLengthUse = "EBPF0105";
    /// <summary>A local variable read before any value was assigned to it on some path.</summary>
    public const string UnassignedLocal = "EBPF0106";
    /// <summary>A packet guard counts from an offset local whose largest value is unknown or too large for the verifier.</summary>
    public const string UnboundedPacketOffset = "EBPF0107";
    /// <summary>A path through the program that ends without exit.</summary>
    public const string MissingExit = "EBPF0104";
    /// <summary>Code after an exit can never run.</summary>
    public const string UnreachableCode = "EBPF0201";
}

namespace EbpfCat.Loader;

/// <summary>The settings of a BPF_PROG_LOAD besides the program type and code.</summary>
/// <example><code>
/// var options = new ProgramLoadOptions { Name = "count", LogLevel = VerifierLogLevel.Statistics };
/// using var program = BpfProgram.Load(ProgramType.Xdp, instructions, options);
/// Console.WriteLine(program.VerifierLog);
/// </code></example>
public sealed record ProgramLoadOptions
{
    /// <summary>The default options: GPL license, no name, no log on success.</summary>
    public static ProgramLoadOptions Default { get; } = new();

    /// <summary>The license; GPL-only helpers (most tracing and many networking helpers) need a GPL-compatible one.</summary>
    public string License { get; init; } = "GPL";

    /// <summary>The name the kernel shows (at most 15 characters of [A-Za-z0-9_.]; kernel 4.15), or null.</summary>
    public string? Name { get; init; }

    /// <summary>The attach type the program will be attached with, for program types whose verification depends on it
    /// (cgroup socket address hooks, tracing, ...; kernel 4.17), or null.</summary>
    public AttachType? ExpectedAttachType { get; init; }

    /// <summary>The verifier log wanted on success (<see cref="BpfProgram.VerifierLog"/>); a rejection always brings its log.</summary>
    public VerifierLogLevel LogLevel { get; init; }

    /// <summary>The size of the first log buffer; it grows on ENOSPC up to the kernel's maximum.</summary>
    public int InitialLogSize { get; init; } = 64 * 1024;

    /// <summary>Load flags.</summary>
    public ProgramLoadFlags Flags { get; init; }

    /// <summary>The kernel version (LINUX_VERSION_CODE) that kprobe programs had to state before kernel 5.0; ignored since.</summary>
    public uint KernelVersion { get; init; }

    /// <summary>The interface to offload to or bind to (<c>prog_ifindex</c>), or 0.</summary>
    public int InterfaceIndex { get; init; }
}

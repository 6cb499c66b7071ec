namespace EbpfCat.Isa;

/// <summary>How <see cref="Disassembler.Disassemble"/> lays out a program.</summary>
/// <example><code>
/// Disassembler.Disassemble(program, new DisassemblyOptions { ShowSlotIndices = true });
/// //    0: r0 = 0x2
/// //    1: exit
/// </code></example>
public sealed record DisassemblyOptions
{
    /// <summary>The plain layout: one instruction per line, nothing else.</summary>
    public static DisassemblyOptions Default { get; } = new();

    /// <summary>Prefix each line with the index of the instruction's first 8-byte slot, right-aligned
    /// (the index the kernel verifier log and jump offsets count in).</summary>
    public bool ShowSlotIndices { get; init; }
}

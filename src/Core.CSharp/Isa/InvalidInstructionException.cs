namespace EbpfCat.Isa;

/// <summary>Bytecode that is not a valid eBPF instruction; names the slot index and the reason.</summary>
/// <example><code>
/// try { InstructionEncoding.Decode(bytes); }
/// catch (InvalidInstructionException e) { Console.Error.WriteLine($"instruction {e.Index}: {e.Reason}"); }
/// </code></example>
public sealed class InvalidInstructionException(int index, string reason)
    : EbpfCatException($"instruction {index}: {reason}")
{
    /// <summary>The index of the offending 8-byte slot, counted from 0 as the kernel counts.</summary>
    public int Index { get; } = index;

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; } = reason;
}

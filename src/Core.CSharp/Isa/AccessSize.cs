namespace EbpfCat.Isa;

/// <summary>Bits 3–4 of load and store opcodes: the width of the memory access.</summary>
/// <example><code>Instruction.Load(AccessSize.Half, Register.R0, Register.R1, 12)</code></example>
public enum AccessSize : byte
{
    /// <summary>4 bytes (BPF_W).</summary>
    Word = 0x00,
    /// <summary>2 bytes (BPF_H).</summary>
    Half = 0x08,
    /// <summary>1 byte (BPF_B).</summary>
    Byte = 0x10,
    /// <summary>8 bytes (BPF_DW).</summary>
    DoubleWord = 0x18,
}

/// <summary>Byte counts and names of <see cref="AccessSize"/>.</summary>
public static class AccessSizeExtensions
{
    /// <summary>The number of bytes the access touches: 1, 2, 4 or 8.</summary>
    /// <example><code>AccessSize.Half.Bytes() == 2</code></example>
    public static int Bytes(this AccessSize size) => size switch
    {
        AccessSize.Byte => 1,
        AccessSize.Half => 2,
        AccessSize.Word => 4,
        _ => 8,
    };

    /// <summary>The access size of <paramref name="bytes"/> bytes (1, 2, 4 or 8).</summary>
    /// <example><code>AccessSizeExtensions.FromBytes(4) == AccessSize.Word</code></example>
    public static AccessSize FromBytes(int bytes) => bytes switch
    {
        1 => AccessSize.Byte,
        2 => AccessSize.Half,
        4 => AccessSize.Word,
        8 => AccessSize.DoubleWord,
        _ => throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "an eBPF access is 1, 2, 4 or 8 bytes"),
    };
}

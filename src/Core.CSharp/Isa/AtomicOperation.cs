namespace EbpfCat.Isa;

/// <summary>The immediate of an atomic instruction: the operation, with <see cref="Fetch"/>
/// set when the old value is returned in the source register.</summary>
/// <example><code>Instruction.Atomic(AtomicOperation.Add, AccessSize.DoubleWord, Register.R1, Register.R2, 0)  // lock *(u64 *)(r1 + 0) += r2</code></example>
public enum AtomicOperation : int
{
    /// <summary>*addr += src</summary>
    Add = 0x00,
    /// <summary>*addr |= src</summary>
    Or = 0x40,
    /// <summary>*addr &amp;= src</summary>
    And = 0x50,
    /// <summary>*addr ^= src</summary>
    Xor = 0xa0,
    /// <summary>Flag: the old value is returned in src.</summary>
    Fetch = 0x01,
    /// <summary>src = add-and-fetch.</summary>
    FetchAdd = Add | Fetch,
    /// <summary>src = or-and-fetch.</summary>
    FetchOr = Or | Fetch,
    /// <summary>src = and-and-fetch.</summary>
    FetchAnd = And | Fetch,
    /// <summary>src = xor-and-fetch.</summary>
    FetchXor = Xor | Fetch,
    /// <summary>Exchange: src = xchg(addr, src).</summary>
    Exchange = 0xe0 | Fetch,
    /// <summary>Compare and exchange: r0 = cmpxchg(addr, r0, src).</summary>
    CompareExchange = 0xf0 | Fetch,
}

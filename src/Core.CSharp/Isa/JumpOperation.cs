namespace EbpfCat.Isa;

/// <summary>Bits 4–7 of jump opcodes.</summary>
/// <example><code>JumpOperation.JSGT.Imm(Register.R1, 4, 3)   // if r1 s&gt; 4 goto +3</code></example>
public enum JumpOperation : byte
{
    /// <summary>Unconditional jump (goto; gotol in JMP32 with a 32-bit offset in the immediate).</summary>
    JA = 0x00,
    /// <summary>==</summary>
    JEQ = 0x10,
    /// <summary>&gt; unsigned</summary>
    JGT = 0x20,
    /// <summary>&gt;= unsigned</summary>
    JGE = 0x30,
    /// <summary>(dst &amp; src) != 0</summary>
    JSET = 0x40,
    /// <summary>!=</summary>
    JNE = 0x50,
    /// <summary>&gt; signed</summary>
    JSGT = 0x60,
    /// <summary>&gt;= signed</summary>
    JSGE = 0x70,
    /// <summary>Function call (helper, local function or kfunc).</summary>
    Call = 0x80,
    /// <summary>Return from the function.</summary>
    Exit = 0x90,
    /// <summary>&lt; unsigned</summary>
    JLT = 0xa0,
    /// <summary>&lt;= unsigned</summary>
    JLE = 0xb0,
    /// <summary>&lt; signed</summary>
    JSLT = 0xc0,
    /// <summary>&lt;= signed</summary>
    JSLE = 0xd0,
}

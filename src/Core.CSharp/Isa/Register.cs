namespace EbpfCat.Isa;

/// <summary>An eBPF register: r0 (return value), r1–r5 (arguments, clobbered by calls),
/// r6–r9 (preserved across calls) and r10 (read-only frame pointer).</summary>
/// <example><code>var i = AluOperation.Mov.Reg(Register.R6, Register.R1);</code></example>
public enum Register : byte
{
    /// <summary>Return value of helpers and of the program.</summary>
    R0 = 0,
    /// <summary>First argument; holds the context pointer on entry.</summary>
    R1 = 1,
    /// <summary>Second argument.</summary>
    R2 = 2,
    /// <summary>Third argument.</summary>
    R3 = 3,
    /// <summary>Fourth argument.</summary>
    R4 = 4,
    /// <summary>Fifth argument.</summary>
    R5 = 5,
    /// <summary>Callee-saved.</summary>
    R6 = 6,
    /// <summary>Callee-saved.</summary>
    R7 = 7,
    /// <summary>Callee-saved.</summary>
    R8 = 8,
    /// <summary>Callee-saved.</summary>
    R9 = 9,
    /// <summary>Read-only frame pointer; the stack is the 512 bytes below it.</summary>
    R10 = 10,
}

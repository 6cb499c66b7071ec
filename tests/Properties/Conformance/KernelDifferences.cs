using EbpfCat.Engines;

namespace EbpfCat.Properties.Conformance;

/// <summary>The conformance files on which the Linux kernel (through <see cref="KernelEngine"/>) legitimately differs from
/// the ISA, each with what the kernel does and why. Everything not listed must give the file's result in the kernel too.</summary>
/// <remarks>Measured on Linux 6.18 (x86_64). Two kinds of difference, both choices of the verifier, not faults of the
/// kernel's execution: it refuses shifts by an immediate that is not smaller than the operand's width (the ISA, and the
/// files, mask the amount instead), and it has no <c>callx</c>.</remarks>
public static class KernelDifferences
{
    const string ShiftReason = "the verifier refuses a shift by an immediate outside [0, width) ('invalid shift'), where the ISA masks the amount to the width and the file expects the masked result";

    /// <summary>File name to the kernel's documented behaviour.</summary>
    public static IReadOnlyDictionary<string, KernelExpectation> Table { get; } = new Dictionary<string, KernelExpectation>
    {
        ["arsh32-imm-high.data"] = KernelExpectation.Rejected("invalid shift 48", ShiftReason),
        ["arsh32-imm-neg.data"] = KernelExpectation.Rejected("invalid shift -16", ShiftReason),
        ["arsh64-imm-high.data"] = KernelExpectation.Rejected("invalid shift 124", ShiftReason),
        ["arsh64-imm-neg.data"] = KernelExpectation.Rejected("invalid shift -4", ShiftReason),
        ["lsh32-imm-high.data"] = KernelExpectation.Rejected("invalid shift 60", ShiftReason),
        ["lsh32-imm-neg.data"] = KernelExpectation.Rejected("invalid shift -4", ShiftReason),
        ["lsh64-imm-high.data"] = KernelExpectation.Rejected("invalid shift 68", ShiftReason),
        ["lsh64-imm-neg.data"] = KernelExpectation.Rejected("invalid shift -60", ShiftReason),
        ["rsh32-imm-high.data"] = KernelExpectation.Rejected("invalid shift 40", ShiftReason),
        ["rsh32-imm-neg.data"] = KernelExpectation.Rejected("invalid shift -24", ShiftReason),
        ["rsh64-imm-high.data"] = KernelExpectation.Rejected("invalid shift 68", ShiftReason),
        ["rsh64-imm-neg.data"] = KernelExpectation.Rejected("invalid shift -60", ShiftReason),
        ["callx.data"] = KernelExpectation.Rejected("unknown opcode 8d",
            "callx (BPF_JMP | BPF_CALL | BPF_X, opcode 0x8d) is in the ISA but the Linux verifier does not accept it: calls must name a helper, kfunc or local function by immediate"),
    };
}

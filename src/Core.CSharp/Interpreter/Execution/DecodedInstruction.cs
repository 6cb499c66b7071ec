using System.Runtime.InteropServices;

namespace EbpfCat.Interpreter.Execution;

/// <summary>One instruction prepared for execution: 16 bytes, with jump targets and <c>lddw</c> values resolved.</summary>
/// <remarks>
/// <see cref="Offset"/> means, by class: the memory offset of loads, stores and atomics; the offset of ALU
/// instructions (signed div/mod, movsx); the absolute target index of jumps, <c>gotol</c> and local calls.
/// <see cref="Immediate"/> is the sign-extended immediate, the resolved 64-bit value of <c>lddw</c>, the
/// helper number of a helper call, or the atomic operation.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct DecodedInstruction
{
    /// <summary>The opcode of the extra instruction past the end, which faults when reached (0x00 is no eBPF opcode).</summary>
    public const byte FellOffEnd = 0x00;

    public byte Opcode;
    public byte Destination;
    public byte Source;
    public int Offset;
    public long Immediate;
}

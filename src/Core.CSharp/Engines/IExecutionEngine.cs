using EbpfCat.Isa;

namespace EbpfCat.Engines;

/// <summary>Something that runs an eBPF program the way the bpf_conformance suite does: r1 points to a writable copy
/// of a memory block, r2 holds its length, and the program's answer is the full 64-bit r0 at its final <c>exit</c>.</summary>
/// <remarks>
/// <para>Two engines answer the same question so that they can be compared: <see cref="InterpreterEngine"/> (EbpfCat's
/// user-space interpreter) and <see cref="KernelEngine"/> (the running Linux kernel through BPF_PROG_TEST_RUN). The
/// conformance tests, the <c>ebpfcat conformance-plugin</c> command and differential tests of random programs all
/// go through this interface.</para>
/// <para>An engine reports what the program did, not what went wrong around it: a program that is refused or fails is
/// an <see cref="EngineResult"/> with <see cref="EngineOutcome.Rejected"/> or <see cref="EngineOutcome.Faulted"/>; a
/// machine that cannot run programs at all (no bpf() permission, say) throws.</para>
/// </remarks>
/// <example><code>
/// IExecutionEngine[] engines = [new InterpreterEngine(), new KernelEngine()];
/// Instruction[] program = [Instruction.Load(AccessSize.Byte, Register.R0, Register.R1, 2), Instruction.Exit()];
/// foreach (var engine in engines)
///     Console.WriteLine($"{engine.Name}: {engine.Run(program, [0xaa, 0xbb, 0x11])}");   // both return 0x11
/// </code></example>
public interface IExecutionEngine
{
    /// <summary>A short name for messages and command lines, such as <c>interpreter</c> or <c>kernel</c>.</summary>
    string Name { get; }

    /// <summary>Runs <paramref name="program"/> once: r1 points to a writable copy of <paramref name="memory"/> and r2
    /// holds its length (both 0 when the memory is null or empty).</summary>
    /// <param name="program">The instructions; <c>lddw</c> counts once, jump offsets count 8-byte slots.</param>
    /// <param name="memory">The memory block, or null.</param>
    /// <returns>r0 and the memory after the run, or why the program could not run.</returns>
    EngineResult Run(IReadOnlyList<Instruction> program, byte[]? memory);
}

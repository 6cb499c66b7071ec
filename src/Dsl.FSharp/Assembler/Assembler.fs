namespace EbpfCat.FSharp

open System.Runtime.InteropServices
open EbpfCat.Isa

/// Turns eBPF assembly text into instructions, in the LLVM dialect (what llvm-objdump-19
/// prints and llvm-mc-19 assembles) or the uBPF dialect of the bpf_conformance test files.
/// <remarks>
/// <para>Both dialects: one statement per line; leading spaces and tabs; blank lines; comments
/// from <c>;</c>, <c>//</c> or <c>#</c> to the end of the line; labels <c>name:</c> on their own line
/// or before an instruction; a slot index such as <c>12:</c> at the start of a line (as the disassembler
/// prints with ShowSlotIndices) is skipped. A jump or call to a label gets the distance in slots from the
/// next instruction to the labelled one (<c>lddw</c> takes two slots). Numbers are decimal or
/// <c>0x</c> hex, optionally negative; a 32-bit immediate may be written signed or unsigned
/// (<c>0xffffffff</c> is -1), as llvm-mc allows; values that do not fit are errors, not truncated.</para>
/// <para>LLVM dialect: e.g. <c>r0 = 0x2</c>, <c>w1 s/= w8</c>, <c>r6 = (s32)r3</c>, <c>r6 = bswap64 r6</c>,
/// <c>r2 = *(u32 *)(r1 + 0x4)</c>, <c>*(u64 *)(r10 - 0x8) = r1</c>, <c>lock *(u64 *)(r7 + 0x0) += r2</c>,
/// <c>r2 = atomic_fetch_xor((u64 *)(r7 + 0x0), r2)</c>, <c>r0 = cmpxchg_64(r7 + 0x0, r0, r3)</c>,
/// <c>if w1 s&lt; 0x5 goto -0x3</c>, <c>gotol +0x10000</c>, <c>r7 = 0x0 ll</c>, <c>call 0x1</c>, <c>callx r1</c>,
/// <c>r0 = *(u8 *)skb[0x3]</c>, <c>ld_pseudo r1, 0x1, 0x3</c>, <c>exit</c>. As llvm-mc, a leading <c>0</c> makes
/// a number octal and <c>0b</c> binary. Beyond llvm-mc: jump targets may be label names (<c>goto name</c>,
/// <c>if r1 &gt; 0x3 goto name</c>, <c>gotol name</c>) and llvm-objdump's annotation after a target
/// (<c>goto +0x2 &lt;.text+0x28&gt;</c>) is skipped; <c>r0 = *(u16 *)skb[r1 + 0x2]</c> keeps the immediate
/// that llvm drops; and EbpfCat's own forms: <c>call local +0x3</c> / <c>call local name</c> (bpf-to-bpf call),
/// <c>call kfunc 0x1234</c> / <c>call kfunc 0x1234, 0x1</c> (kfunc by BTF id, module fd index), and the pseudo
/// loads <c>r1 = map_fd(0x3) ll</c>, <c>r1 = map_value(0x3) + 0x8 ll</c>, <c>r1 = btf_id(0x10) ll</c>,
/// <c>r1 = func(+0x4) ll</c> / <c>r1 = func(name) ll</c>, <c>r1 = map_idx(0x0) ll</c> and
/// <c>r1 = map_idx_value(0x0) + 0x8 ll</c>.</para>
/// <para>uBPF dialect: e.g. <c>mov32 %r0, 0</c>, <c>lddw %r0, 0x123456789abcdef0</c>, <c>ldxdw %r1, [%r10-8]</c>,
/// <c>stb [%r1+2], 0x11</c>, <c>jne %r0, %r1, exit</c>, <c>ja +1</c>, <c>call local func1</c>, <c>call %r2</c>,
/// <c>lock fetch add32 [%r1+0], %r2</c>, <c>movsx1632 %r0, %r1</c>; a jump to <c>exit</c> with no <c>exit:</c>
/// label goes to the first <c>exit</c> instruction, as in the bpf_conformance assembler.</para>
/// <para>Every instruction is checked with <see cref="Instruction.Validate"/>.</para>
/// </remarks>
/// <example><code>
/// Instruction[] program = Assembler.Assemble("""
///     r0 = 0x0
///     if r1 == 0x0 goto done
///     r0 = 0x1
/// done:
///     exit
///     """);
/// </code></example>
[<AbstractClass; Sealed>]
type Assembler =
    /// Assembles LLVM-dialect text; <paramref name="fileName"/> (optional) only names the text in errors.
    /// <exception cref="AssemblyException">The text is not a valid program; the message says where and why.</exception>
    static member Assemble(text: string, [<Optional; DefaultParameterValue(null: string | null)>] fileName: string | null) : Instruction[] =
        Lines.assemble LlvmSyntax.dialect fileName text

    /// Assembles LLVM-dialect text into the kernel's 8-byte slots.
    /// <exception cref="AssemblyException">The text is not a valid program; the message says where and why.</exception>
    static member AssembleBytes(text: string, [<Optional; DefaultParameterValue(null: string | null)>] fileName: string | null) : byte[] =
        InstructionEncoding.Encode(System.ReadOnlySpan(Assembler.Assemble(text, fileName)))

    /// Assembles uBPF-dialect text (the <c>-- asm</c> sections of bpf_conformance test files).
    /// <exception cref="AssemblyException">The text is not a valid program; the message says where and why.</exception>
    static member AssembleUbpf(text: string, [<Optional; DefaultParameterValue(null: string | null)>] fileName: string | null) : Instruction[] =
        Lines.assemble UbpfSyntax.dialect fileName text

    /// Assembles uBPF-dialect text into the kernel's 8-byte slots.
    /// <exception cref="AssemblyException">The text is not a valid program; the message says where and why.</exception>
    static member AssembleUbpfBytes(text: string, [<Optional; DefaultParameterValue(null: string | null)>] fileName: string | null) : byte[] =
        InstructionEncoding.Encode(System.ReadOnlySpan(Assembler.AssembleUbpf(text, fileName)))

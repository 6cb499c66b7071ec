using EbpfCat.Isa;
using FsCheck;
using FsCheck.Fluent;

namespace EbpfCat.Properties.Generators;

/// <summary>FsCheck generators of valid eBPF instructions: every class and form, with registers, offsets and
/// immediates drawn within each form's rules. Register the class with
/// <c>[Property(Arbitrary = [typeof(InstructionGenerators)])]</c> to get <see cref="Instruction"/> and
/// <see cref="Instruction"/>[] parameters; use the <c>Gen</c> members to build other generators.</summary>
/// <remarks>Generated programs are sequences of valid instructions, not verifiable programs: jump targets
/// and register contents are arbitrary.</remarks>
public static class InstructionGenerators
{
    internal static readonly AluOperation[] PlainAluOperations =
    [
        AluOperation.Add, AluOperation.Sub, AluOperation.Mul, AluOperation.Div, AluOperation.Or, AluOperation.And,
        AluOperation.Lsh, AluOperation.Rsh, AluOperation.Mod, AluOperation.Xor, AluOperation.Mov, AluOperation.Arsh,
    ];

    internal static readonly JumpOperation[] Comparisons =
    [
        JumpOperation.JEQ, JumpOperation.JGT, JumpOperation.JGE, JumpOperation.JSET, JumpOperation.JNE, JumpOperation.JSGT,
        JumpOperation.JSGE, JumpOperation.JLT, JumpOperation.JLE, JumpOperation.JSLT, JumpOperation.JSLE,
    ];

    internal static readonly AtomicOperation[] AtomicOperations =
    [
        AtomicOperation.Add, AtomicOperation.Or, AtomicOperation.And, AtomicOperation.Xor,
        AtomicOperation.FetchAdd, AtomicOperation.FetchOr, AtomicOperation.FetchAnd, AtomicOperation.FetchXor,
        AtomicOperation.Exchange, AtomicOperation.CompareExchange,
    ];

    internal static readonly AccessSize[] Sizes = [AccessSize.Byte, AccessSize.Half, AccessSize.Word, AccessSize.DoubleWord];

    /// <summary>r0–r10.</summary>
    public static Gen<Register> Registers { get; } = Gen.Elements(Enum.GetValues<Register>());

    /// <summary>32-bit immediates: mostly small, often at the edges, sometimes anything.</summary>
    public static Gen<int> Immediates { get; } = Gen.Frequency(
        (4, Gen.Choose(-64, 64)),
        (2, Gen.Elements(0, 1, -1, int.MaxValue, int.MinValue, 0xff, 0xffff, 0x7fff, -0x8000)),
        (3, Gen.Choose(int.MinValue, int.MaxValue)));

    /// <summary>16-bit offsets: mostly small, often at the edges, sometimes anything.</summary>
    public static Gen<short> Offsets { get; } = Gen.Frequency(
        (4, Gen.Choose(-64, 64)),
        (1, Gen.Elements<int>(0, short.MaxValue, short.MinValue, -1)),
        (2, Gen.Choose(short.MinValue, short.MaxValue))).Select(o => (short)o);

    /// <summary>64-bit immediates for <c>lddw</c>.</summary>
    public static Gen<long> WideImmediates { get; } = Gen.Frequency(
        (2, Immediates.Select(i => (long)i)),
        (1, Gen.Elements(long.MinValue, long.MaxValue, 0xffffffffL, 0x100000000L)),
        (3, Gen.Zip(Immediates, Immediates, (high, low) => ((long)high << 32) | (uint)low)));

    /// <summary>ALU and ALU64: every operation with both sources, signed div/mod, sign-extending moves,
    /// negation, byte-order conversions and byte swaps.</summary>
    public static Gen<Instruction> Arithmetic { get; } = Gen.OneOf(
        from op in Gen.Elements(PlainAluOperations)
        from is32 in Gen.Elements(false, true)
        from byRegister in Gen.Elements(false, true)
        from dst in Registers
        from src in Registers
        from value in Immediates
        select byRegister ? (is32 ? op.Reg32(dst, src) : op.Reg(dst, src)) : (is32 ? op.Imm32(dst, value) : op.Imm(dst, value)),
        from op in Gen.Elements(AluOperation.Div, AluOperation.Mod)
        from is32 in Gen.Elements(false, true)
        from byRegister in Gen.Elements(false, true)
        from dst in Registers
        from src in Registers
        from value in Immediates
        select byRegister ? op.SignedReg(dst, src, is32) : op.SignedImm(dst, value, is32),
        from is32 in Gen.Elements(false, true)
        from bits in is32 ? Gen.Elements(8, 16) : Gen.Elements(8, 16, 32)
        from dst in Registers
        from src in Registers
        select AluOperationExtensions.MoveSignExtend(dst, src, bits, is32),
        from is32 in Gen.Elements(false, true)
        from dst in Registers
        select AluOperationExtensions.Negate(dst, is32),
        from kind in Gen.Choose(0, 2)
        from bits in Gen.Elements(16, 32, 64)
        from dst in Registers
        select kind switch
        {
            0 => AluOperationExtensions.ToLittleEndian(dst, bits),
            1 => AluOperationExtensions.ToBigEndian(dst, bits),
            _ => AluOperationExtensions.ByteSwap(dst, bits),
        });

    /// <summary>JMP and JMP32: every comparison with both sources, goto, gotol, every kind of call, and exit.</summary>
    public static Gen<Instruction> Jumps { get; } = Gen.OneOf(
        from op in Gen.Elements(Comparisons)
        from is32 in Gen.Elements(false, true)
        from byRegister in Gen.Elements(false, true)
        from dst in Registers
        from src in Registers
        from value in Immediates
        from offset in Offsets
        select byRegister
            ? (is32 ? op.Reg32(dst, src, offset) : op.Reg(dst, src, offset))
            : (is32 ? op.Imm32(dst, value, offset) : op.Imm(dst, value, offset)),
        Offsets.Select(Instruction.Goto),
        Immediates.Select(Instruction.GotoLong),
        Gen.Choose(0, 211).Select(Instruction.Call),
        Immediates.Select(Instruction.CallLocal),
        Gen.Zip(Immediates, Offsets, Instruction.CallKernelFunction),
        Registers.Select(Instruction.CallRegister),
        Gen.Constant(Instruction.Exit()));

    /// <summary>LDX: loads of every size, zero- and sign-extending.</summary>
    public static Gen<Instruction> Loads { get; } = Gen.OneOf(
        from size in Gen.Elements(Sizes)
        from dst in Registers
        from src in Registers
        from offset in Offsets
        select Instruction.Load(size, dst, src, offset),
        from size in Gen.Elements(AccessSize.Byte, AccessSize.Half, AccessSize.Word)
        from dst in Registers
        from src in Registers
        from offset in Offsets
        select Instruction.LoadSignExtend(size, dst, src, offset));

    /// <summary>ST and STX: stores of immediates and registers of every size.</summary>
    public static Gen<Instruction> Stores { get; } = Gen.OneOf(
        from size in Gen.Elements(Sizes)
        from dst in Registers
        from offset in Offsets
        from value in Immediates
        select Instruction.Store(size, dst, offset, value),
        from size in Gen.Elements(Sizes)
        from dst in Registers
        from offset in Offsets
        from src in Registers
        select Instruction.Store(size, dst, offset, src));

    /// <summary>Atomic operations of words and double words, with and without fetch, xchg and cmpxchg.</summary>
    public static Gen<Instruction> Atomics { get; } =
        from operation in Gen.Elements(AtomicOperations)
        from size in Gen.Elements(AccessSize.Word, AccessSize.DoubleWord)
        from dst in Registers
        from src in Registers
        from offset in Offsets
        select Instruction.Atomic(operation, size, dst, src, offset);

    /// <summary><c>lddw</c>: plain 64-bit constants and every pseudo source.</summary>
    public static Gen<Instruction> WideLoads { get; } = Gen.OneOf(
        from dst in Registers
        from value in WideImmediates
        select Instruction.LoadImm64(dst, value),
        from dst in Registers
        from source in Gen.Elements(PseudoSource.MapFd, PseudoSource.Function, PseudoSource.MapIndex)
        from low in Immediates
        select Instruction.LoadPseudo(dst, source, low),
        from dst in Registers
        from source in Gen.Elements(PseudoSource.MapValue, PseudoSource.BtfId, PseudoSource.MapIndexValue)
        from low in Immediates
        from high in Immediates
        select Instruction.LoadPseudo(dst, source, low, high));

    /// <summary>The legacy socket-filter packet loads (LD ABS and IND) of 1, 2 and 4 bytes.</summary>
    public static Gen<Instruction> LegacyPacketLoads { get; } =
        from size in Gen.Elements(AccessSize.Byte, AccessSize.Half, AccessSize.Word)
        from indirect in Gen.Elements(false, true)
        from src in Registers
        from offset in Immediates
        select indirect ? Instruction.LoadIndirect(size, src, offset) : Instruction.LoadAbsolute(size, offset);

    /// <summary>Any valid instruction, the classes weighted roughly as in real programs.</summary>
    public static Gen<Instruction> Any { get; } = Gen.Frequency(
        (6, Arithmetic), (4, Jumps), (3, Loads), (3, Stores), (2, Atomics), (2, WideLoads), (1, LegacyPacketLoads));

    /// <summary>A sequence of valid instructions, as long as the size allows.</summary>
    public static Gen<Instruction[]> Program { get; } = Gen.ArrayOf(Any);

    /// <summary>Valid instructions that shrink towards simpler valid instructions of the same form.</summary>
    public static Arbitrary<Instruction> Instructions() => Arb.From(Any, Shrink);

    /// <summary>Programs that shrink by dropping instructions, then by shrinking the ones left.</summary>
    public static Arbitrary<Instruction[]> Programs() => Arb.From(Program, ShrinkProgram);

    /// <summary>Simpler valid instructions of the same form: fields moved towards 0 and r0.</summary>
    public static IEnumerable<Instruction> Shrink(Instruction instruction)
    {
        var i = instruction;
        IEnumerable<Instruction> candidates =
        [
            i with { Immediate = 0 },
            i with { Immediate = i.Immediate / 2 },
            i with { Immediate = (long)(int)i.Immediate },
            i with { Offset = 0 },
            i with { Offset = (short)(i.Offset / 2) },
            i with { Destination = Register.R0 },
            i with { Source = Register.R0 },
            i with { Source = Register.R1 },
        ];
        return candidates.Where(c => c != i && c.Validate() is null).Distinct();
    }

    /// <summary>Shorter programs first (halves, then single removals), then each instruction shrunk.</summary>
    public static IEnumerable<Instruction[]> ShrinkProgram(Instruction[] program)
    {
        int n = program.Length;
        if (n == 0) yield break;
        if (n > 1)
        {
            yield return program[..(n / 2)];
            yield return program[(n / 2)..];
        }
        for (int k = 0; k < n; k++) yield return [.. program[..k], .. program[(k + 1)..]];
        for (int k = 0; k < n; k++)
            foreach (var smaller in Shrink(program[k]))
            {
                var copy = (Instruction[])program.Clone();
                copy[k] = smaller;
                yield return copy;
            }
    }
}

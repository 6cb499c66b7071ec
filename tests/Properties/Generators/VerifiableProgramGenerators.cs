using EbpfCat.Isa;
using FsCheck;
using FsCheck.Fluent;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Generators;

/// <summary>Raw instruction sequences the kernel's verifier accepts, for differential runs of the engines: every scalar
/// register and the stack's 64 bytes start from random constants; the body is straight-line ALU and ALU64 arithmetic,
/// stack loads (zero- and sign-extending) and stores of every size at aligned offsets, atomics on the stack, and
/// forward branches (JMP and JMP32) that land inside the body; at the end r0 is the xor of every scalar register and
/// every stack double word, so a difference anywhere shows in the result.</summary>
/// <remarks>r1 (the context) and r2 are never touched, r10 is only a base address: the verifier sees scalars only.
/// Immediate shifts out of range and division by an immediate zero are generated too: the verifier refuses those
/// (the property accepts exactly those refusals).</remarks>
public static class VerifiableProgramGenerators
{
    /// <summary>The registers the body computes with.</summary>
    public static readonly Register[] Scalars = [R0, R3, R4, R5, R6, R7, R8, R9];

    /// <summary>The stack bytes the program uses, all written before the body runs.</summary>
    public const int StackBytes = 64;

    static readonly Gen<Register> Scalar = Gen.Elements(Scalars);

    /// <summary>Most programs (nine in ten) have the immediates the verifier refuses statically made valid: shift
    /// amounts taken modulo the width, division and modulo by an immediate 0 made by 1; the rest keep them, so that
    /// the refusals themselves stay tested.</summary>
    public static Gen<Func<Instruction, Instruction>> Repairs { get; } =
        Gen.Frequency((9, Gen.Constant<Func<Instruction, Instruction>>(Repair)), (1, Gen.Constant<Func<Instruction, Instruction>>(i => i)));

    static Instruction Repair(Instruction i)
    {
        if (!i.Opcode.IsAlu || i.Opcode.Source != OperandSource.Constant) return i;
        int width = i.Opcode.Class == InstructionClass.Alu64 ? 64 : 32;
        return i.Opcode.AluOperation switch
        {
            AluOperation.Lsh or AluOperation.Rsh or AluOperation.Arsh => i with { Immediate = (int)((ulong)(uint)(int)i.Immediate % (ulong)width) },
            AluOperation.Div or AluOperation.Mod when i.Immediate == 0 => i with { Immediate = 1 },
            _ => i,
        };
    }

    static bool OnScalars(Instruction i)
        => Scalars.Contains(i.Destination) && (i.Opcode.Source == OperandSource.Constant || Scalars.Contains(i.Source));

    /// <summary>An offset below r10 aligned to <paramref name="size"/>, inside the used stack.</summary>
    static Gen<short> StackOffset(AccessSize size)
    {
        int bytes = size switch { AccessSize.Byte => 1, AccessSize.Half => 2, AccessSize.Word => 4, _ => 8 };
        return Gen.Choose(1, StackBytes / bytes).Select(k => (short)(-k * bytes));
    }

    static readonly Gen<Instruction> StackAccess = Gen.OneOf(
        from size in Gen.Elements(InstructionGenerators.Sizes)
        from dst in Scalar
        from offset in StackOffset(size)
        select Instruction.Load(size, dst, R10, offset),
        from size in Gen.Elements(AccessSize.Byte, AccessSize.Half, AccessSize.Word)
        from dst in Scalar
        from offset in StackOffset(size)
        select Instruction.LoadSignExtend(size, dst, R10, offset),
        from size in Gen.Elements(InstructionGenerators.Sizes)
        from offset in StackOffset(size)
        from value in InstructionGenerators.Immediates
        select Instruction.Store(size, R10, offset, value),
        from size in Gen.Elements(InstructionGenerators.Sizes)
        from offset in StackOffset(size)
        from src in Scalar
        select Instruction.Store(size, R10, offset, src),
        from operation in Gen.Elements(InstructionGenerators.AtomicOperations)
        from size in Gen.Elements(AccessSize.Word, AccessSize.DoubleWord)
        from src in Scalar
        from offset in StackOffset(size)
        select Instruction.Atomic(operation, size, R10, src, offset));

    /// <summary>A conditional jump whose offset is fixed once the body is laid out (<see cref="Step.Skip"/>).</summary>
    static readonly Gen<Step> Branch =
        from op in Gen.Elements(InstructionGenerators.Comparisons)
        from is32 in Gen.Elements(false, true)
        from byRegister in Gen.Elements(false, true)
        from dst in Scalar
        from src in Scalar
        from value in InstructionGenerators.Immediates
        from skip in Gen.Choose(0, 8)
        select new Step(byRegister
            ? (is32 ? op.Reg32(dst, src, 0) : op.Reg(dst, src, 0))
            : (is32 ? op.Imm32(dst, value, 0) : op.Imm(dst, value, 0)), skip);

    static readonly Gen<Step> Steps = Gen.Frequency(
        (5, InstructionGenerators.Arithmetic.Where(OnScalars).Select(i => new Step(i, -1))),
        (4, StackAccess.Select(i => new Step(i, -1))),
        (2, Branch));

    /// <summary>One body instruction; a branch skips <paramref name="Skip"/> of the instructions after it (at most to the body's end).</summary>
    public sealed record Step(Instruction Instruction, int Skip);

    /// <summary>A generated program: the starting constants and the body; <see cref="Program"/> lays them out.</summary>
    public sealed record Case(long[] Start, Step[] Body)
    {
        /// <summary>The instructions.</summary>
        public Instruction[] Program => Lay(Start, Body);

        /// <inheritdoc/>
        public override string ToString() => Disassembler.Disassemble(Program, new DisassemblyOptions { ShowSlotIndices = true });
    }

    /// <summary>Whole programs, shrinking by dropping body steps.</summary>
    public static Arbitrary<Case> Cases()
    {
        var cases =
            from start in Gen.ArrayOf(InstructionGenerators.WideImmediates, Scalars.Length + StackBytes / 8)
            from body in Gen.ArrayOf(Steps)
            from repair in Repairs
            select new Case(start, [.. body.Select(step => step with { Instruction = repair(step.Instruction) })]);
        return Arb.From(cases, c => Enumerable.Range(0, c.Body.Length).Select(i => c with { Body = [.. c.Body[..i], .. c.Body[(i + 1)..]] }));
    }

    /// <summary>The program: constants into the scalars and the stack, the body with its branches resolved, the xor.</summary>
    public static Instruction[] Lay(long[] start, Step[] body)
    {
        var program = new List<Instruction>();
        for (int k = 0; k < Scalars.Length; k++) program.Add(Instruction.LoadImm64(Scalars[k], start[k]));
        for (int k = 0; k < StackBytes / 8; k++)
        {
            program.Add(Instruction.LoadImm64(R3, start[Scalars.Length + k]));
            program.Add(Instruction.Store(AccessSize.DoubleWord, R10, (short)(-8 * (k + 1)), R3));
        }
        program.Add(Instruction.LoadImm64(R3, start[1]));
        for (int p = 0; p < body.Length; p++)
        {
            var step = body[p];
            program.Add(step.Skip < 0 ? step.Instruction
                : step.Instruction with { Offset = (short)Math.Min(step.Skip, body.Length - p - 1) });
        }
        foreach (var r in Scalars.Skip(1)) program.Add(AluOperation.Xor.Reg(R0, r));
        for (int k = 0; k < StackBytes / 8; k++)
        {
            program.Add(Instruction.Load(AccessSize.DoubleWord, R3, R10, (short)(-8 * (k + 1))));
            program.Add(AluOperation.Xor.Reg(R0, R3));
        }
        program.Add(Instruction.Exit());
        return [.. program];
    }
}

using EbpfCat.Isa;

namespace EbpfCat.Mir;

/// <summary>Which registers a MIR instruction reads and writes, as liveness and register allocation need it.</summary>
public static class MirOperands
{
    static readonly VirtualRegister R0 = VirtualRegister.Of(Register.R0);

    /// <summary>Registers the instruction writes (calls also clobber r1–r5: see <see cref="Clobbers"/>).</summary>
    public static RegisterList Defs(in MirInstruction i)
    {
        var defs = new RegisterList();
        var op = i.Opcode;
        switch (op.Class)
        {
            case InstructionClass.Alu or InstructionClass.Alu64 or InstructionClass.Ldx:
                defs.Add(i.Dst);
                break;
            case InstructionClass.Ld:
                defs.Add(op == Opcode.LoadImm64 ? i.Dst : R0); // legacy packet loads write r0
                break;
            case InstructionClass.Stx when op.Mode == AccessMode.Atomic:
                var atomic = (AtomicOperation)i.Immediate;
                if (atomic == AtomicOperation.CompareExchange) defs.Add(R0);
                else if ((atomic & AtomicOperation.Fetch) != 0) defs.Add(i.Src);
                break;
            case InstructionClass.Jmp when op.JumpOperation == JumpOperation.Call:
                defs.Add(R0);
                break;
        }
        return defs;
    }

    /// <summary>Registers the instruction reads.</summary>
    public static RegisterList Uses(in MirInstruction i)
    {
        var uses = new RegisterList();
        var op = i.Opcode;
        switch (op.Class)
        {
            case InstructionClass.Alu or InstructionClass.Alu64:
                // mov overwrites dst without reading it; every other operation reads and writes it.
                if (op.AluOperation != AluOperation.Mov) uses.Add(i.Dst);
                if (op.Source == OperandSource.Register && op.AluOperation != AluOperation.End) uses.Add(i.Src);
                break;
            case InstructionClass.Ldx:
                uses.Add(i.Src);
                break;
            case InstructionClass.Ld when op.Mode == AccessMode.Indirect:
                uses.Add(i.Src);
                break;
            case InstructionClass.St:
                uses.Add(i.Dst);
                break;
            case InstructionClass.Stx:
                uses.Add(i.Dst);
                uses.Add(i.Src);
                if (op.Mode == AccessMode.Atomic && (AtomicOperation)i.Immediate == AtomicOperation.CompareExchange) uses.Add(R0);
                break;
            case InstructionClass.Jmp or InstructionClass.Jmp32:
                switch (op.JumpOperation)
                {
                    case JumpOperation.Call:
                        for (int a = 1; a <= i.Arguments; a++) uses.Add(new VirtualRegister(a));
                        break;
                    case JumpOperation.Exit:
                        uses.Add(R0);
                        break;
                    case JumpOperation.JA:
                        break;
                    default:
                        uses.Add(i.Dst);
                        if (op.Source == OperandSource.Register) uses.Add(i.Src);
                        break;
                }
                break;
        }
        return uses;
    }

    /// <summary>Registers whose values do not survive the instruction: r1–r5 across a call.</summary>
    public static bool Clobbers(in MirInstruction i) => i.Opcode.Class == InstructionClass.Jmp && i.Opcode.JumpOperation == JumpOperation.Call;

    /// <summary>The caller-saved registers a call destroys.</summary>
    public static readonly IReadOnlyList<Register> CallerSaved = [Register.R1, Register.R2, Register.R3, Register.R4, Register.R5];

    /// <summary>True for a plain register copy <c>dst = src</c> (64-bit), which coalescing can remove.</summary>
    public static bool IsMove(in MirInstruction i) => i.Opcode == Opcode.Alu64(AluOperation.Mov, OperandSource.Register) && i.Offset == 0;

    /// <summary>True when control never falls through to the next item (exit, goto).</summary>
    public static bool EndsFlow(in MirInstruction i) => i.Opcode == Opcode.Jump(JumpOperation.Exit, OperandSource.Constant)
        || i.Opcode == Opcode.Jump(JumpOperation.JA, OperandSource.Constant);
}

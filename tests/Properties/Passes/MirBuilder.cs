using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Mir;

namespace EbpfCat.Properties.Passes;

/// <summary>Terse MIR for pass tests: <c>M(AluOperation.Mov.Imm(0, 1), V(16))</c>, <c>Mark(l)</c>.</summary>
internal static class MirBuilder
{
    static readonly SourceLocation At = new("MirTests.cs", 1);
    const int AtIndex = 1; // At's index in the location table of Function's functions

    public static VirtualRegister V(int n) => new(n);
    public static VirtualRegister R(int n) => VirtualRegister.Of((Register)n);
    public static MirLabel Label(int id) => new(id);
    public static MirLabelMark Mark(MirLabel label) => new(label);

    /// <summary>An instruction with the opcode, offset and immediate of <paramref name="template"/> over the given registers.</summary>
    public static MirInstruction M(Instruction template, VirtualRegister dst = default, VirtualRegister src = default, MirLabel? target = null, int arguments = 0)
        => new(template.Opcode, dst, src, template.Offset, template.Immediate, AtIndex) { Target = target, Arguments = arguments };

    public static MirInstruction MovImm(VirtualRegister dst, int value) => M(AluOperation.Mov.Imm(0, value), dst);
    public static MirInstruction Mov(VirtualRegister dst, VirtualRegister src) => M(AluOperation.Mov.Reg(0, 0), dst, src);
    public static MirInstruction AddReg(VirtualRegister dst, VirtualRegister src) => M(AluOperation.Add.Reg(0, 0), dst, src);
    public static MirInstruction IfZero(VirtualRegister r, MirLabel target) => M(JumpOperation.JEQ.Imm(0, 0, 0), r, target: target);
    public static MirInstruction Goto(MirLabel target) => M(Instruction.Goto(0), target: target);
    public static MirInstruction Call(int helper, int arguments = 0) => M(Instruction.Call(helper), arguments: arguments);
    public static MirInstruction Exit() => M(Instruction.Exit());

    public static MirFunction Function(params MirItem[] items) => new([.. items], 0, 64) { Locations = [SourceLocation.Unknown, At] };
}

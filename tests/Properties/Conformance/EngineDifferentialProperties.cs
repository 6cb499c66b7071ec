using EbpfCat.Engines;
using EbpfCat.Isa;
using EbpfCat.Properties.Generators;
using EbpfCat.Properties.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Conformance;

/// <summary>The two engines agree on random arithmetic: every register starts from a random constant, random ALU
/// instructions run on the scalar registers, and r0 ends as the xor of all of them. Where the kernel refuses a program,
/// it is only for the verifier's documented refusals of immediates the ISA allows.</summary>
public sealed class EngineDifferentialProperties
{
    static readonly Register[] Scalars = [R0, R3, R4, R5, R6, R7, R8, R9];

    static bool OnScalars(Instruction i)
        => Scalars.Contains(i.Destination) && (i.Opcode.Source == OperandSource.Constant || Scalars.Contains(i.Source));

    static readonly Gen<Instruction[]> Programs =
        from start in Gen.ArrayOf(InstructionGenerators.WideImmediates, Scalars.Length)
        from body in Gen.ArrayOf(InstructionGenerators.Arithmetic.Where(OnScalars))
        select (Instruction[])
        [
            .. Scalars.Select((r, k) => Instruction.LoadImm64(r, start[k])),
            .. body,
            .. Scalars.Skip(1).Select(r => AluOperation.Xor.Reg(R0, r)),
            Instruction.Exit(),
        ];

    [Property(MaxTest = 200)]
    public Property The_kernel_and_the_interpreter_agree_on_arithmetic()
    {
        KernelRequirement.Require();
        return Prop.ForAll(Programs.ToArbitrary(), program =>
        {
            var kernel = new KernelEngine().Run(program, null);
            var interpreter = new InterpreterEngine().Run(program, null);
            if (kernel.Outcome == EngineOutcome.Rejected)
                return (kernel.Error!.Contains("invalid shift") || kernel.Error.Contains("div by zero"))
                    .Label($"kernel refused for another reason: {kernel.Error}");
            return (kernel.Succeeded && interpreter.Succeeded && kernel.ReturnValue == interpreter.ReturnValue)
                .Label($"kernel {kernel}, interpreter {interpreter}");
        });
    }
}

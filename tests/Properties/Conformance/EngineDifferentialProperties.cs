using EbpfCat.Engines;
using EbpfCat.Isa;
using EbpfCat.Properties.Generators;
using EbpfCat.Properties.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Conformance;

/// <summary>The two engines agree on random programs the verifier accepts: straight-line arithmetic on the scalar
/// registers, and programs with stack accesses, atomics and forward branches (<see cref="VerifiableProgramGenerators"/>);
/// r0 ends as the xor of everything the program computed. Where the kernel refuses a program, it is only for the
/// verifier's documented refusals of immediates the ISA allows. <c>EBPFCAT_PROPERTY_RUNS</c> programs each.</summary>
public sealed class EngineDifferentialProperties
{
    static readonly Register[] Scalars = [R0, R3, R4, R5, R6, R7, R8, R9];

    static bool OnScalars(Instruction i)
        => Scalars.Contains(i.Destination) && (i.Opcode.Source == OperandSource.Constant || Scalars.Contains(i.Source));

    static readonly Gen<Instruction[]> Programs =
        from start in Gen.ArrayOf(InstructionGenerators.WideImmediates, Scalars.Length)
        from body in Gen.ArrayOf(InstructionGenerators.Arithmetic.Where(OnScalars))
        from repair in VerifiableProgramGenerators.Repairs
        select (Instruction[])
        [
            .. Scalars.Select((r, k) => Instruction.LoadImm64(r, start[k])),
            .. body.Select(repair),
            .. Scalars.Skip(1).Select(r => AluOperation.Xor.Reg(R0, r)),
            Instruction.Exit(),
        ];

    [Fact]
    public void The_kernel_and_the_interpreter_agree_on_arithmetic()
    {
        KernelRequirement.Require();
        int ran = 0, cases = 0;
        PropertyRuns.Check(Programs.ToArbitrary(), p => { cases++; if (AgreeOn(p)) ran++; });
        Assert.True(ran >= cases / 2, $"the kernel ran only {ran} of {cases} programs");
    }

    [Fact]
    public void The_kernel_and_the_interpreter_agree_on_stack_accesses_atomics_and_forward_branches()
    {
        KernelRequirement.Require();
        int ran = 0, cases = 0;
        PropertyRuns.Check(VerifiableProgramGenerators.Cases(), c => { cases++; if (AgreeOn(c.Program)) ran++; });
        Assert.True(ran >= cases / 2, $"the kernel ran only {ran} of {cases} programs");
    }

    /// <summary>Both engines give the same r0 (true), or the kernel refused the program for an immediate it documents
    /// as invalid, or ran it differently through a verifier fault the kernel's own evidence shows
    /// (<see cref="KernelVerifierFaults"/>) (false).</summary>
    static bool AgreeOn(Instruction[] program)
    {
        var kernel = new KernelEngine().Run(program, null);
        var interpreter = new InterpreterEngine().Run(program, null);
        if (kernel.Outcome == EngineOutcome.Rejected)
        {
            Assert.True(kernel.Error!.Contains("invalid shift") || kernel.Error.Contains("div by zero"), $"kernel refused for another reason: {kernel.Error}");
            return false;
        }
        if (kernel.Succeeded && interpreter.Succeeded && kernel.ReturnValue == interpreter.ReturnValue) return true;
        // Only a disagreement pays for the evidence (the verifier's full log, a rerun) that tells a fault of the
        // kernel's from one of ours.
        Assert.True(KernelVerifierFaults.Explain(program, kernel, interpreter) is not null, $"kernel {kernel}, interpreter {interpreter}");
        return false;
    }
}

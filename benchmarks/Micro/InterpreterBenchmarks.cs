using BenchmarkDotNet.Attributes;
using EbpfCat.Interpreter;
using EbpfCat.Isa;

namespace EbpfCat.Benchmarks.Micro;

/// <summary>The user-space interpreter on a straight line of 10,000 ALU instructions: the mean divided by
/// <see cref="Instructions"/> is its cost per instruction.</summary>

public class InterpreterBenchmarks
{
    public const int Instructions = 10_002;

    BpfInterpreter interpreter = null!;
    readonly byte[] packet = Programs.ReferencePacket.Create();

    [GlobalSetup]
    public void Setup()
    {
        var code = new List<Instruction> { AluOperation.Mov.Imm(Register.R0, 0) };
        for (int i = 0; i < 5_000; i++)
        {
            code.Add(AluOperation.Add.Imm(Register.R0, i));
            code.Add(AluOperation.Xor.Imm(Register.R0, 0x55));
        }
        code.Add(Instruction.Exit());
        interpreter = new BpfInterpreter(code.ToArray());
    }

    [Benchmark(Description = "interpret 10,002 instructions", OperationsPerInvoke = Instructions)]
    public InterpreterResult Run() => interpreter.RunXdp(packet);
}

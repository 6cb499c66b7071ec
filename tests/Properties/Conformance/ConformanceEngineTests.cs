using EbpfCat.Engines;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Conformance;

/// <summary>Every file of the bpf_conformance suite, run on both engines: the interpreter must give every file's result;
/// the kernel must too, except where <see cref="KernelDifferences"/> says how and why it differs.</summary>
public sealed class ConformanceEngineTests
{
    public static TheoryData<string> Files() => ConformanceSuite.Files();

    [Theory, MemberData(nameof(Files))]
    public void The_interpreter_gives_the_expected_result(string name)
    {
        var file = ConformanceSuite.Load(name);
        AssertConforms(file, new InterpreterEngine().Run(ConformanceSuite.Program(file), file.Memory));
    }

    [Theory, MemberData(nameof(Files))]
    public void The_kernel_gives_the_expected_result_or_its_documented_difference(string name)
    {
        var file = ConformanceSuite.Load(name);
        KernelRequirement.Require();
        var result = new KernelEngine().Run(ConformanceSuite.Program(file), file.Memory);
        if (KernelDifferences.Table.TryGetValue(name, out var expected))
        {
            Assert.True(expected.Outcome == result.Outcome, $"{name}: expected the kernel to be {expected.Outcome} ({expected.Reason}) but it {result}");
            if (expected.Evidence is { } evidence) Assert.Contains(evidence, result.Error);
            if (expected.ReturnValue is { } value) Assert.Equal(value, result.ReturnValue);
            return;
        }
        AssertConforms(file, result);
    }

    static void AssertConforms(ConformanceFile file, EngineResult result)
    {
        if (ConformanceSuite.ExpectsFailure(file))
        {
            Assert.False(result.Succeeded, $"{file.Name} must fail ({file.Error}) but {result}");
            return;
        }
        Assert.True(result.Succeeded, $"{file.Name}: {result}");
        Assert.True(file.Result == result.ReturnValue, $"{file.Name}: expected r0 = 0x{file.Result:x}, got 0x{result.ReturnValue:x}");
    }
}

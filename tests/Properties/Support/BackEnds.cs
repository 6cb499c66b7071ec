using EbpfCat.Backend.Llvm;
using EbpfCat.Emit;
using Xunit;

namespace EbpfCat.Properties.Support;

/// <summary>The back ends every code-generation test runs against: the same test body, each back end.</summary>
public static class BackEnds
{
    /// <summary>Every back end, by name (theory data: xunit shows the name in the test's display name).</summary>
    public static TheoryData<string> Names => new("direct", "llvm");

    /// <summary>The back end called <paramref name="name"/>; for LLVM, first demands libLLVM-19 (a failure,
    /// not a skip, under EBPFCAT_REQUIRE_KERNEL=1).</summary>
    public static ICodeGenerator Get(string name)
    {
        switch (name)
        {
            case "direct": return DirectCodeGenerator.Instance;
            case "llvm":
                RequireLlvm();
                return LlvmCodeGenerator.Instance;
            default: throw new ArgumentException($"no back end called {name}", nameof(name));
        }
    }

    /// <summary>Every back end that can run here; LLVM's absence fails under EBPFCAT_REQUIRE_KERNEL=1 and is
    /// otherwise left out (tests that loop over back ends inside one property use this).</summary>
    public static IReadOnlyList<ICodeGenerator> All()
    {
        if (LlvmCodeGenerator.IsAvailable) return [DirectCodeGenerator.Instance, LlvmCodeGenerator.Instance];
        if (Prerequisite.Required) Assert.Fail($"{LlvmCodeGenerator.UnavailableReason} (EBPFCAT_REQUIRE_KERNEL=1 forbids skipping)");
        return [DirectCodeGenerator.Instance];
    }

    /// <summary>Fails (under EBPFCAT_REQUIRE_KERNEL=1) or skips when libLLVM-19 cannot be loaded.</summary>
    public static void RequireLlvm() => KernelRequirement.Demand(LlvmCodeGenerator.UnavailableReason);
}

using Xunit;
namespace EbpfCat.Properties;

/// <summary>What a test does when something it needs from the machine is missing.</summary>
public static class Prerequisite
{
    /// <summary>True when EBPFCAT_REQUIRE_KERNEL=1: CI must run every kernel and tool test, never skip it.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("EBPFCAT_REQUIRE_KERNEL") == "1";

    /// <summary>Skips the test with <paramref name="reason"/>, or fails it when prerequisites are <see cref="Required"/>.</summary>
    public static void Missing(string reason)
    {
        if (Required) Assert.Fail($"{reason} (EBPFCAT_REQUIRE_KERNEL=1 forbids skipping)");
        Assert.Skip(reason);
    }
}

using EbpfCat.Loader;
using EbpfCat.Maps;
using Xunit;

namespace EbpfCat.Properties.Support;

/// <summary>Every kernel test calls <see cref="Require"/> first: where bpf() cannot be used the test is skipped,
/// or fails when EBPFCAT_REQUIRE_KERNEL=1 (CI must never skip kernel tests silently).</summary>
public static class KernelRequirement
{
    static readonly Lazy<string?> unusable = new(Probe);

    /// <summary>Skips (or fails, when required) the calling test unless bpf() works here.</summary>
    public static void Require() => Demand(unusable.Value);

    /// <summary>Why bpf() cannot be used here, or null when it can: for a test that has work to do without the
    /// kernel and calls <see cref="Demand"/> with it afterwards.</summary>
    public static string? Unusable => unusable.Value;

    /// <summary>Skips (or fails) unless a C compiler for the uapi headers is installed; returns its path.</summary>
    public static string RequireCCompiler()
    {
        var compiler = new[] { "/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang" }.FirstOrDefault(File.Exists);
        Demand(compiler is null ? "no C compiler (cc, gcc or clang) to read <linux/bpf.h> with" : null);
        return compiler!;
    }

    /// <summary>Skips the calling test for <paramref name="reason"/>, or fails it when kernel tests are required; nothing when the reason is null.</summary>
    public static void Demand(string? reason)
    {
        if (reason is not null) Prerequisite.Missing(reason);
    }

    /// <summary>Null when a tiny map can be created; otherwise why not.</summary>
    static string? Probe()
    {
        try
        {
            using var map = BpfMap.Create(MapType.Array, 4, 4, 1);
            return null;
        }
        catch (BpfException e)
        {
            return $"bpf() is not usable here: {e.Message}";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            return $"bpf() cannot be called on this platform: {e.Message}";
        }
    }
}

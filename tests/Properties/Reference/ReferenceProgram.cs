namespace EbpfCat.Properties.Reference;

/// <summary>A C program for the reference tests and the oldest BPF CPU clang compiles it for.</summary>
/// <param name="Name">A name for test output.</param>
/// <param name="MinimumCpu">"v1" to "v4": the oldest <c>-mcpu</c> that has the instructions it needs.</param>
/// <param name="Source">The C source.</param>
public sealed record ReferenceProgram(string Name, string MinimumCpu, string Source)
{
    /// <summary>The CPUs clang knows, oldest first.</summary>
    public static readonly string[] Cpus = ["v1", "v2", "v3", "v4"];

    /// <summary>The CPUs this program compiles for.</summary>
    public IEnumerable<string> SupportedCpus => Cpus.Where(c => string.CompareOrdinal(c, MinimumCpu) >= 0);
}

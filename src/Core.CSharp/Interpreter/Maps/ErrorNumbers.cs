namespace EbpfCat.Interpreter;

/// <summary>The Linux errno values that simulated map operations return, negated, as the kernel's helpers do.</summary>
internal static class ErrorNumbers
{
    public const int ENOENT = 2, E2BIG = 7, EEXIST = 17, EINVAL = 22;

    public static string Name(int errno) => errno switch
    {
        ENOENT => "ENOENT",
        E2BIG => "E2BIG",
        EEXIST => "EEXIST",
        EINVAL => "EINVAL",
        _ => $"errno {errno}",
    };
}

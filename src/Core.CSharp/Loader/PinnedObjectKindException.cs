namespace EbpfCat.Loader;

/// <summary>The object pinned at a path is of another kind than asked for (a map where a program was expected, ...).</summary>
/// <example><code>
/// try { using var program = BpfProgram.OpenPinned("/sys/fs/bpf/counts"); }
/// catch (PinnedObjectKindException e) { Console.Error.WriteLine(e.Message); }   // "... holds a map, not a program"
/// </code></example>
public sealed class PinnedObjectKindException(string path, PinnedObjectKind expected, PinnedObjectKind actual)
    : EbpfCatException($"{path}: the pinned object is {Article(actual)}, not {Article(expected)}")
{
    /// <summary>The pin's path.</summary>
    public string Path { get; } = path;

    /// <summary>The kind that was asked for.</summary>
    public PinnedObjectKind Expected { get; } = expected;

    /// <summary>The kind that is pinned there.</summary>
    public PinnedObjectKind Actual { get; } = actual;

    static string Article(PinnedObjectKind kind) => kind switch
    {
        PinnedObjectKind.Program => "a program",
        PinnedObjectKind.Map => "a map",
        PinnedObjectKind.Link => "a link",
        _ => "another kind of BPF object",
    };
}

namespace EbpfCat.Loader;

/// <summary>A map pinned in bpffs has another type or shape than the program's declaration of it, so it
/// cannot be reused; delete the pin (or pin elsewhere) to start afresh.</summary>
/// <example><code>catch (PinnedMapMismatchException e) { File.Delete(e.Path); }</code></example>
public sealed class PinnedMapMismatchException(string path, string message) : EbpfCatException(message)
{
    /// <summary>The pin's path.</summary>
    public string Path { get; } = path;
}

namespace EbpfCat.Diagnostics;

/// <summary>A program the compiler refuses, with every error diagnostic; the message lists them with their source lines.</summary>
/// <example><code>catch (CompilationException e) { foreach (var d in e.Diagnostics) Console.Error.WriteLine(d); }</code></example>
public sealed class CompilationException(IReadOnlyList<Diagnostic> diagnostics)
    : EbpfCatException(string.Join(Environment.NewLine, diagnostics))
{
    /// <summary>The diagnostics, errors first.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}

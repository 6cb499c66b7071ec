namespace EbpfCat.Ir;

/// <summary>Where in the user's source an IR node was written: file, line and column.</summary>
/// <remarks>The C# builder fills it from <c>CallerFilePath</c>/<c>CallerLineNumber</c>, the F#
/// front end from quotation ranges; diagnostics and the verifier-log source map print it.</remarks>
/// <example><code>var here = new SourceLocation("Count.cs", 12, 9); // prints Count.cs:12:9</code></example>
public sealed record SourceLocation(string File, int Line, int Column = 0)
{
    /// <summary>For nodes the compiler makes itself, with no user source behind them.</summary>
    public static readonly SourceLocation Unknown = new("<unknown>", 0);

    /// <summary><c>file:line:column</c>, or <c>file:line</c> when the column is unknown.</summary>
    public override string ToString() => Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}";
}

namespace EbpfCat;

/// <summary>The base of every error EbpfCat reports: bad bytecode, rejected programs, failed syscalls.</summary>
/// <example><code>catch (EbpfCatException e) { Console.Error.WriteLine(e.Message); }</code></example>
public abstract class EbpfCatException : Exception
{
    /// <summary>An error with a message that says what is wrong and where.</summary>
    protected EbpfCatException(string message, Exception? inner = null) : base(message, inner) { }
}

namespace EbpfCat.Interpreter;

/// <summary>A user-space operation on a simulated map failed the way the kernel's would; keeps the errno.</summary>
/// <example><code>
/// try { map.Update(key, value, InterpreterUpdateFlags.NoExist); }
/// catch (InterpreterMapException e) when (e.Errno == 17) { /* EEXIST */ }
/// </code></example>
public sealed class InterpreterMapException(string mapName, int errno, string reason)
    : EbpfCatException($"map '{mapName}': {ErrorNumbers.Name(errno)}: {reason}")
{
    /// <summary>The positive errno the kernel would report (ENOENT 2, E2BIG 7, EEXIST 17, EINVAL 22).</summary>
    public int Errno { get; } = errno;
}

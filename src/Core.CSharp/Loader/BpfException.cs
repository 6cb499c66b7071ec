namespace EbpfCat.Loader;

/// <summary>A bpf(2) call that failed: carries the command, the errno and a message that says what to do about it.</summary>
/// <example><code>
/// try { using var map = BpfMap.Create(MapType.Array, 4, 8, 16); }
/// catch (BpfException e) when (e.Errno == Errno.EPERM) { Console.Error.WriteLine(e.Message); }
/// </code></example>
public class BpfException : EbpfCatException
{
    /// <summary>An error of <paramref name="command"/> with <paramref name="errno"/>; <paramref name="message"/> is the whole text.</summary>
    public BpfException(BpfCommand command, int errno, string message, Exception? inner = null) : base(message, inner)
    {
        Command = command;
        Errno = errno;
    }

    /// <summary>The bpf(2) command that failed.</summary>
    public BpfCommand Command { get; }

    /// <summary>The command's uapi name, such as <c>BPF_PROG_LOAD</c>.</summary>
    public string CommandName => Command.UapiName();

    /// <summary>The errno the kernel returned.</summary>
    public int Errno { get; }

    /// <summary>The errno's symbolic name, such as <c>EPERM</c>.</summary>
    public string ErrnoName => Loader.Errno.Name(Errno);

    /// <summary>The exception for a failed call, with the known causes of this errno for this command spelled out.</summary>
    internal static BpfException From(BpfCommand command, int errno, string? context = null)
        => new(command, errno, BpfErrorAdvice.Message(command, errno, context));
}

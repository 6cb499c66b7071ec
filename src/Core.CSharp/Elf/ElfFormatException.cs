namespace EbpfCat.Elf;

/// <summary>An ELF object that cannot be read as a BPF object: the message names the file, the section and what is wrong.</summary>
/// <example><code>catch (ElfFormatException e) { Console.Error.WriteLine(e.Message); }</code></example>
public sealed class ElfFormatException : EbpfCatException
{
    /// <summary>An error about the object <paramref name="file"/>.</summary>
    public ElfFormatException(string file, string message) : base($"{file}: {message}") => File = file;

    /// <summary>The object's name as given to the reader.</summary>
    public string File { get; }
}

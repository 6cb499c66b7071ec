namespace EbpfCat.Elf;

/// <summary>The bytes given to <see cref="ElfObjectReader"/> are not an ELF object it can read; the
/// message says what is wrong and where.</summary>
/// <example><code>try { ElfObjectReader.Read(bytes); } catch (ElfFormatException e) { Console.Error.WriteLine(e.Message); }</code></example>
public sealed class ElfFormatException(string message) : EbpfCatException(message);

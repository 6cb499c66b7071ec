namespace EbpfCat.Backend.Llvm;

/// <summary>LLVM refused the translated program or produced an object the back end cannot turn into a
/// program (for example a relocation against something that is not a map); the message carries LLVM's
/// own words and the program's name.</summary>
/// <example><code>catch (LlvmBackendException e) { Console.Error.WriteLine(e.Message); }</code></example>
public sealed class LlvmBackendException(string message) : EbpfCatException(message);

using EbpfCat.Isa;

namespace EbpfCat.Cli;

/// <summary>Invalid bytecode in a named file: the message names the file, the instruction index and the reason.</summary>
internal sealed class BytecodeFileException(string file, InvalidInstructionException inner)
    : EbpfCatException($"{file}: instruction {inner.Index}: {inner.Reason}", inner);

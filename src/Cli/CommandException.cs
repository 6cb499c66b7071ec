namespace EbpfCat.Cli;

/// <summary>A command could not do what was asked; the message is the whole one-line explanation the user sees.</summary>
internal sealed class CommandException(string message, Exception? inner = null) : EbpfCatException(message, inner);

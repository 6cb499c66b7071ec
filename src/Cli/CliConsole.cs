using Spectre.Console;

namespace EbpfCat.Cli;

/// <summary>Spectre.Console on the command's output writer: colours, Unicode borders and live redrawing on a terminal;
/// plain ASCII, wide enough for every column and no escape codes when the output is a pipe, a file or a test's writer.</summary>
internal static class CliConsole
{
    public static IAnsiConsole For(TextWriter writer)
    {
        bool terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 240;
        return console;
    }

    /// <summary>A table with the given column headers, as every listing of the tool draws it: rounded lines on a terminal,
    /// ASCII (<c>|</c>, <c>-</c>, <c>+</c>) elsewhere, for grep and for readers without Unicode.</summary>
    public static Table Table(IAnsiConsole console, params string[] columns)
    {
        var table = new Table { Border = console.Profile.Capabilities.Ansi ? TableBorder.Rounded : TableBorder.Ascii };
        foreach (var c in columns) table.AddColumn(new TableColumn(c));
        return table;
    }
}

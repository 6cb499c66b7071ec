using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat progs [--json]</c>: the programs loaded in the kernel.</summary>
internal static class ProgsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array: id, type, name, tag, translated_instructions, jited_bytes, map_ids." };
        var command = new Command("progs", """
            List the programs loaded in the kernel (needs root or CAP_SYS_ADMIN): id, type, name, tag, the size after the
            verifier's rewriting (translated, in instruction slots), the JIT-compiled size in bytes and the maps each uses.

            Example:
              ebpfcat progs --json
            """)
        {
            json,
        };
        command.SetGuardedAction((parsed, output) =>
        {
            var rows = KernelObjects.Programs().Select(p => new ProgramRow(p.Id, Names.Kebab(p.Type), p.Name, p.Tag,
                p.TranslatedInstructionCount, p.JitedSize, [.. p.MapIds])).ToList();
            if (parsed.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(rows, CliJson.Default.ListProgramRow));
                return EbpfCatCli.Ok;
            }
            var console = CliConsole.For(output);
            var table = CliConsole.Table(console, "id", "type", "name", "tag", "translated", "jited", "maps");
            foreach (var r in rows)
                table.AddRow(Cell(r.Id), new Text(r.Type), new Text(r.Name), new Text(r.Tag), Cell(r.TranslatedInstructions),
                    Cell(r.JitedBytes), new Text(string.Join(',', r.MapIds)));
            console.Write(table);
            return EbpfCatCli.Ok;
        });
        return command;
    }

    internal static Text Cell(long value) => new(value.ToString(CultureInfo.InvariantCulture)) { Justification = Justify.Right };
}

/// <summary>A line of <c>ebpfcat progs</c>.</summary>
internal sealed record ProgramRow(
    [property: JsonPropertyName("id")] uint Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("translated_instructions")] int TranslatedInstructions,
    [property: JsonPropertyName("jited_bytes")] int JitedBytes,
    [property: JsonPropertyName("map_ids")] uint[] MapIds);

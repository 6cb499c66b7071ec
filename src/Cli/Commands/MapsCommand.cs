using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using static EbpfCat.Cli.Commands.ProgsCommand;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat maps [--json]</c>: the maps in the kernel; <c>ebpfcat maps dump ID|PIN [--json]</c>: one map's elements.</summary>
internal static class MapsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array: id, type, key_size, value_size, max_entries, flags, name." };
        var command = new Command("maps", """
            List the maps in the kernel (needs root or CAP_SYS_ADMIN): id, type, key and value size in bytes, capacity, flags
            and name. `maps dump` prints one map's elements.

            Example:
              ebpfcat maps
              ebpfcat maps dump /sys/fs/bpf/counts --json
            """)
        {
            json,
            Dump(),
        };
        command.SetGuardedAction((parsed, output) =>
        {
            var rows = KernelObjects.Maps().Select(m => new MapRow(m.Id, Names.Kebab(m.Type), m.KeySize, m.ValueSize, m.MaxEntries,
                m.Flags == Maps.MapFlags.None ? "" : string.Join(',', m.Flags.ToString().Split(", ").Select(Names.Kebab)), m.Name)).ToList();
            if (parsed.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(rows, CliJson.Default.ListMapRow));
                return EbpfCatCli.Ok;
            }
            var console = CliConsole.For(output);
            var table = CliConsole.Table(console, "id", "type", "key", "value", "entries", "flags", "name");
            foreach (var r in rows)
                table.AddRow(Cell(r.Id), new Text(r.Type), Cell(r.KeySize), Cell(r.ValueSize), Cell(r.MaxEntries), new Text(r.Flags), new Text(r.Name));
            console.Write(table);
            return EbpfCatCli.Ok;
        });
        return command;
    }

    static Command Dump()
    {
        var map = new Argument<string>("ID|PIN") { Description = "The map's id (as `ebpfcat maps` lists it) or its pin path in a bpffs." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {key, value} in hex (per_cpu: each CPU's value; number: the value as an integer)." };
        var command = new Command("dump", """
            Print every element of a map, one `KEY -> VALUE` line each, both in hex as the bytes lie in memory; for per-CPU maps
            the value is each possible CPU's value, separated by spaces.

            Example:
              ebpfcat maps dump 42
            """)
        {
            map,
            json,
        };
        command.SetGuardedAction((parsed, output) =>
        {
            using var opened = ObjectReference.OpenMap(parsed.GetRequiredValue(map));
            var entries = MapContents.Read(opened);
            if (parsed.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(entries, CliJson.Default.IReadOnlyListMapEntry));
            else foreach (var e in entries) output.WriteLine($"{e.Key} -> {e.Value}");
            return EbpfCatCli.Ok;
        });
        return command;
    }
}

/// <summary>A line of <c>ebpfcat maps</c>.</summary>
internal sealed record MapRow(
    [property: JsonPropertyName("id")] uint Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("key_size")] int KeySize,
    [property: JsonPropertyName("value_size")] int ValueSize,
    [property: JsonPropertyName("max_entries")] int MaxEntries,
    [property: JsonPropertyName("flags")] string Flags,
    [property: JsonPropertyName("name")] string Name);

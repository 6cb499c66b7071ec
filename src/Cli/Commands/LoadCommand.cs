using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using EbpfCat.Loader;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat load FILE --pin PATH</c>: loads a program (raw bytecode or a program of an ELF object, whose maps the
/// loader creates) and pins it in a bpffs, so that it outlives the tool.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var program = ProgramFileOptions.WithType();
        var pin = new Option<string>("--pin") { Description = "Where to pin the program, inside a mounted bpffs (e.g. /sys/fs/bpf/NAME).", Required = true, HelpName = "PATH" };
        var pinMaps = new Option<string?>("--pin-maps") { Description = "Also pin the maps made for an ELF program, as DIR/NAME for each, dots in NAME made '_' (DIR must be in a bpffs and exist).", HelpName = "DIR" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: id, type, name, tag, pin and the maps." };
        var command = new Command("load", """
            Load a program into the kernel and pin it in a bpffs (needs root or CAP_BPF). For an ELF object the maps the program
            uses are created first (global data written, .rodata frozen); the pinned program keeps them alive. Prints the
            program's id, which `ebpfcat progs` lists and `ebpfcat attach` accepts, like the pin path.

            Example:
              ebpfcat load prog.o --section xdp --pin /sys/fs/bpf/prog --pin-maps /sys/fs/bpf
            """);
        program.AddTo(command);
        command.Options.Add(pin);
        command.Options.Add(pinMaps);
        command.Options.Add(json);
        command.SetGuardedAction((parsed, output) =>
        {
            var file = program.Read(parsed);
            var programPin = parsed.GetRequiredValue(pin);
            var mapDirectory = parsed.GetValue(pinMaps);
            if (mapDirectory is not null && file.Object is null) throw new CommandException($"{file.FileName}: --pin-maps is for ELF objects; raw bytecode has no maps");
            using var loaded = file.Load(program.TypeOf(parsed));
            var pins = new List<string>();
            var maps = new List<LoadedMap>();
            try
            {
                foreach (var (name, map) in loaded.Maps.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    // bpffs refuses names with a dot, which global data maps have (.data, .bss, .rodata): data_NAME, bss, rodata
                    string? mapPin = mapDirectory is null ? null : Path.Combine(mapDirectory, (map.Name.Length > 0 ? map.Name : name).TrimStart('.').Replace('.', '_'));
                    if (mapPin is not null) PinAt(map, mapPin, pins);
                    maps.Add(new LoadedMap(map.Info.Id, name, mapPin));
                }
                PinAt(loaded.Program, programPin, pins);
            }
            catch
            {
                // all or nothing: a failed pin leaves none of the others behind
                foreach (var p in pins) File.Delete(p);
                throw;
            }
            var info = loaded.Program.Info;
            var result = new LoadResult(info.Id, Names.Kebab(info.Type), info.Name, info.Tag, programPin, maps);
            if (parsed.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(result, CliJson.Default.LoadResult));
            else
            {
                output.WriteLine($"program {result.Id} ({result.Type}{(result.Name.Length > 0 ? $" {result.Name}" : "")}, tag {result.Tag}) pinned at {programPin}");
                foreach (var m in maps) output.WriteLine($"map {m.Id} ({m.Name}){(m.Pin is null ? "" : $" pinned at {m.Pin}")}");
            }
            return EbpfCatCli.Ok;
        });
        return command;
    }

    static void PinAt(BpfObject target, string path, List<string> pins)
    {
        try { target.Pin(path); }
        catch (BpfException e) { throw new CommandException($"cannot pin at {path}: {e.Message}", e); }
        pins.Add(path);
    }
}

/// <summary>What <c>ebpfcat load --json</c> prints.</summary>
internal sealed record LoadResult(
    [property: JsonPropertyName("id")] uint Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("pin")] string Pin,
    [property: JsonPropertyName("maps")] IReadOnlyList<LoadedMap> Maps);

/// <summary>A map made for the loaded program.</summary>
internal sealed record LoadedMap(
    [property: JsonPropertyName("id")] uint Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("pin")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pin);

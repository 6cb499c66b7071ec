using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using EbpfCat.Maps;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat watch ID|PIN [--interval MS] [--count N]</c>: a map's elements, read again and redrawn every interval
/// until Ctrl+C, or N times.</summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var map = new Argument<string>("ID|PIN") { Description = "The map's id (as `ebpfcat maps` lists it) or its pin path in a bpffs." };
        var interval = new Option<int>("--interval") { Description = "Milliseconds between two reads (default 1000).", DefaultValueFactory = _ => 1000, HelpName = "MS", CustomParser = r => Positive(r, "--interval") };
        var count = new Option<int?>("--count") { Description = "Read and show the map N times, then exit (default: until Ctrl+C).", HelpName = "N", CustomParser = r => Positive(r, "--count") };
        var json = new Option<bool>("--json") { Description = "Instead of the table, print one JSON object per read: {\"read\": n, \"entries\": [{key, value, ...}]}." };
        var command = new Command("watch", """
            Show a map's elements live: key, value in hex and, for 1-, 2-, 4- and 8-byte values, as a number (per-CPU maps: the sum
            over the CPUs), read again every --interval milliseconds and redrawn in place on a terminal, until Ctrl+C. With
            --count N the map is read N times and the tool exits with 0, so scripts and tests can watch for a while; on a pipe
            every read is drawn below the last.

            Example:
              ebpfcat watch /sys/fs/bpf/counts --interval 500
            """)
        {
            map, interval, count, json,
        };
        command.SetGuardedAction((parsed, output) =>
        {
            using var opened = ObjectReference.OpenMap(parsed.GetRequiredValue(map));
            var every = TimeSpan.FromMilliseconds(parsed.GetValue(interval));
            int? reads = parsed.GetValue(count);
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                if (parsed.GetValue(json)) WatchJson(opened, every, reads, output, stop.Token);
                else WatchTable(opened, every, reads, output, stop.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            return EbpfCatCli.Ok;
        });
        return command;
    }

    static int Positive(System.CommandLine.Parsing.ArgumentResult r, string option)
    {
        var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1) return value;
        r.AddError($"{option} must be a whole number of at least 1, not '{text}'");
        return 1;
    }

    /// <summary>Calls <paramref name="show"/> with the n-th read of the map, waiting <paramref name="every"/> in between, <paramref name="reads"/>
    /// times or until <paramref name="stop"/>.</summary>
    static void Loop(BpfMap map, TimeSpan every, int? reads, CancellationToken stop, Action<int, IReadOnlyList<MapEntry>> show)
    {
        for (int n = 1; !stop.IsCancellationRequested; n++)
        {
            show(n, MapContents.Read(map));
            if (n == reads) return;
            stop.WaitHandle.WaitOne(every);
        }
    }

    static void WatchJson(BpfMap map, TimeSpan every, int? reads, TextWriter output, CancellationToken stop)
        => Loop(map, every, reads, stop, (n, entries) =>
        {
            output.WriteLine(JsonSerializer.Serialize(new WatchRead(n, entries), CliJson.Default.WatchRead));
            output.Flush();
        });

    static void WatchTable(BpfMap map, TimeSpan every, int? reads, TextWriter output, CancellationToken stop)
    {
        var console = CliConsole.For(output);
        var title = $"map {map.Info.Id}{(map.Name.Length > 0 ? $" {map.Name}" : "")} ({Names.Kebab(map.Type)})";
        var table = CliConsole.Table(console, "key", "value", "number");
        table.Columns[2].RightAligned();
        IRenderable Fill(int n, IReadOnlyList<MapEntry> entries)
        {
            table.Rows.Clear();
            foreach (var e in entries)
                table.AddRow(new Text(e.Key), new Text(e.Value), new Text(e.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            return new Rows(new Text($"{title}: {entries.Count} elements, read {n}{(reads is { } r ? $" of {r}" : ", Ctrl+C stops")}"), table);
        }
        // Live display redraws in place with cursor movements; where there are none (a pipe, a file) each read is drawn below the last.
        if (console.Profile.Capabilities.Ansi && console.Profile.Capabilities.Interactive)
            console.Live(new Text("")).AutoClear(false).Start(context => Loop(map, every, reads, stop, (n, entries) =>
            {
                context.UpdateTarget(Fill(n, entries));
                context.Refresh();
            }));
        else
            Loop(map, every, reads, stop, (n, entries) =>
            {
                console.Write(Fill(n, entries));
                console.WriteLine();
                output.Flush();
            });
    }
}

/// <summary>One read of <c>ebpfcat watch --json</c>.</summary>
internal sealed record WatchRead(
    [property: JsonPropertyName("read")] int Read,
    [property: JsonPropertyName("entries")] IReadOnlyList<MapEntry> Entries);

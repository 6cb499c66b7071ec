using System.Text.Json.Serialization;
using EbpfCat.Cli.Commands;

namespace EbpfCat.Cli;

/// <summary>Source-generated JSON for everything the tool prints with --json (no reflection, AOT-safe).</summary>
[JsonSerializable(typeof(RunResult))]
[JsonSerializable(typeof(LoadResult))]
[JsonSerializable(typeof(List<ProgramRow>))]
[JsonSerializable(typeof(List<MapRow>))]
[JsonSerializable(typeof(IReadOnlyList<MapEntry>))]
[JsonSerializable(typeof(WatchRead))]
internal sealed partial class CliJson : JsonSerializerContext;

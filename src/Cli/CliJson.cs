using System.Text.Json.Serialization;
using EbpfCat.Cli.Commands;

namespace EbpfCat.Cli;

/// <summary>Source-generated JSON for everything the tool prints with --json (no reflection, AOT-safe).</summary>
[JsonSerializable(typeof(RunResult))]
internal sealed partial class CliJson : JsonSerializerContext;

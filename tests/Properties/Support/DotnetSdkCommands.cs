using Xunit;

namespace EbpfCat.Properties.Support;

/// <summary>Tests that run <c>dotnet publish</c> or <c>dotnet pack</c> on the repository's own projects. A publish for a
/// runtime restores again and rewrites the projects' obj/project.assets.json, which a pack reads: the two never overlap.</summary>
[CollectionDefinition(nameof(DotnetSdkCommands))]
public sealed class DotnetSdkCommands;

using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Xunit;

namespace EbpfCat.Properties.Packaging;

/// <summary>The solution packed once per test class into a temporary folder, and the <c>ebpfcat</c> tool installed from
/// that folder alone into a temporary tool path.</summary>
/// <remarks>
/// The pack is <c>dotnet pack EbpfCat.sln --no-build</c> of the configuration the tests were built in: the test run has
/// just built every project, and packing what it built takes seconds where a second build would take minutes. Nothing
/// the running tests use is written: packages, nuspec files and the tool's publish folder all go to the temporary folder.
/// The tool is installed with a NuGet configuration that lists only that folder and with a private global packages
/// folder, so it works offline and no copy of these packages is left in the machine's NuGet cache to be found later
/// instead of a newer build with the same version.
/// </remarks>
public sealed class PackedPackages : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "ebpfcat-pack-" + Guid.NewGuid().ToString("n"));
    readonly string? failure;

    /// <summary>The checkout that was packed.</summary>
    public string Repository { get; }

    /// <summary>Where the .nupkg and .snupkg files are.</summary>
    public string Packages => Path.Combine(folder, "packages");

    /// <summary>The installed tool.</summary>
    public string Tool => Path.Combine(folder, "tool", "ebpfcat");

    /// <summary>The version every package has (Directory.Build.props).</summary>
    public string Version { get; } = "";

    public PackedPackages()
    {
        Repository = RepositoryRoot.Find() ?? throw new InvalidOperationException($"no EbpfCat.sln above {AppContext.BaseDirectory}");
        // the test binaries are in tests/Properties/bin/CONFIGURATION/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var (code, output, error) = Dotnet(null, "pack", Path.Combine(Repository, "EbpfCat.sln"), "--no-build", "-c", configuration,
            "-o", Packages, $"-p:NuspecOutputPath={Path.Combine(folder, "nuspec")}/", $"-p:PublishDir={Path.Combine(folder, "publish")}/",
            "-nodeReuse:false");
        if (code != 0)
        {
            failure = $"dotnet pack --no-build -c {configuration} failed with exit code {code} (build the solution in {configuration} first):\n{Tail(output + error)}";
            return;
        }
        var tool = Directory.GetFiles(Packages, "EbpfCat.Tool.*.nupkg").SingleOrDefault();
        if (tool is null)
        {
            failure = $"dotnet pack made no EbpfCat.Tool package:\n{Tail(output)}";
            return;
        }
        Version = Path.GetFileName(tool)["EbpfCat.Tool.".Length..^".nupkg".Length];
        var config = Path.Combine(folder, "NuGet.Config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{Packages}" />
              </packageSources>
            </configuration>
            """);
        (code, output, error) = Dotnet(Path.Combine(folder, "nuget-cache"), "tool", "install", "EbpfCat.Tool", "--version", Version,
            "--tool-path", Path.GetDirectoryName(Tool)!, "--configfile", config);
        if (code != 0 || !File.Exists(Tool))
            failure = $"dotnet tool install EbpfCat.Tool --version {Version} failed with exit code {code}:\n{Tail(output + error)}";
    }

    /// <summary>Fails the test when packing or installing failed.</summary>
    public void Require()
    {
        if (failure is not null) Assert.Fail(failure);
    }

    /// <summary>The package files, by package id.</summary>
    public IReadOnlyDictionary<string, string> Nupkgs()
    {
        Require();
        return Directory.GetFiles(Packages, "*.nupkg").ToDictionary(f => Path.GetFileName(f)[..^$".{Version}.nupkg".Length]);
    }

    /// <summary>The entries of package <paramref name="id"/> (<paramref name="extension"/> .nupkg or .snupkg).</summary>
    public IReadOnlyList<string> Entries(string id, string extension = ".nupkg")
    {
        using var zip = ZipFile.OpenRead(PackageFile(id, extension));
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    /// <summary>The <c>metadata</c> element of package <paramref name="id"/>'s nuspec, its names without their namespace
    /// (NuGet picks the nuspec schema version by the features a package uses).</summary>
    public XElement Metadata(string id)
    {
        using var zip = ZipFile.OpenRead(PackageFile(id, ".nupkg"));
        using var stream = zip.GetEntry(id + ".nuspec")!.Open();
        var root = XDocument.Load(stream).Root!;
        foreach (var element in root.DescendantsAndSelf()) element.Name = element.Name.LocalName;
        return root.Element("metadata")!;
    }

    /// <summary>Runs the installed tool.</summary>
    public (int Code, string Output, string Error) RunTool(params string[] arguments)
    {
        Require();
        return Start(Tool, null, arguments);
    }

    string PackageFile(string id, string extension)
    {
        Require();
        return Path.Combine(Packages, $"{id}.{Version}{extension}");
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }

    static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(30));

    static (int Code, string Output, string Error) Dotnet(string? nugetPackages, params string[] arguments)
        => Start("dotnet", nugetPackages, arguments);

    static (int Code, string Output, string Error) Start(string file, string? nugetPackages, string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (nugetPackages is not null) info.Environment["NUGET_PACKAGES"] = nugetPackages;
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        // Read both streams at once: a child blocked on a full pipe would never exit.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result.ReplaceLineEndings("\n"), error.ReplaceLineEndings("\n"));
    }
}

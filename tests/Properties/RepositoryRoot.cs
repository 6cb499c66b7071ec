namespace EbpfCat.Properties;

/// <summary>The checkout the tests run from: the folder holding EbpfCat.sln.</summary>
public static class RepositoryRoot
{
    /// <summary>Walks up from the test binaries to the folder with EbpfCat.sln; null when there is none.</summary>
    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EbpfCat.sln"))) return dir.FullName;
        return null;
    }
}

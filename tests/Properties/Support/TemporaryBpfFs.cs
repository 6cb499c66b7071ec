namespace EbpfCat.Properties.Support;

/// <summary>A bpffs mounted on a fresh temporary directory for one test, unmounted and removed on dispose.</summary>
public sealed class TemporaryBpfFs : IDisposable
{
    TemporaryBpfFs(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a bpffs; skips (or fails when kernel tests are required) where mounting is not allowed.</summary>
    public static TemporaryBpfFs Mount()
    {
        var dir = Directory.CreateTempSubdirectory("ebpfcat-bpffs-").FullName;
        var (code, _, error) = ExternalCommand.Run("mount", "-t", "bpf", "bpf", dir);
        if (code != 0)
        {
            Directory.Delete(dir);
            KernelRequirement.Demand($"cannot mount a bpffs on {dir}: {error}");
        }
        return new TemporaryBpfFs(dir);
    }

    /// <summary>Unmounts (which also drops the pins) and removes the directory.</summary>
    public void Dispose()
    {
        ExternalCommand.Run("umount", Path);
        try { Directory.Delete(Path); } catch (IOException) { }
    }
}

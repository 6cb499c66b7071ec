using System.Diagnostics;
using Xunit;

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
        var (code, error) = Run("mount", "-t", "bpf", "bpf", dir);
        if (code != 0)
        {
            Directory.Delete(dir);
            var reason = $"cannot mount a bpffs on {dir}: {error}";
            if (Environment.GetEnvironmentVariable("EBPFCAT_REQUIRE_KERNEL") == "1") Assert.Fail(reason);
            Assert.Skip(reason);
        }
        return new TemporaryBpfFs(dir);
    }

    /// <summary>Unmounts (which also drops the pins) and removes the directory.</summary>
    public void Dispose()
    {
        Run("umount", Path);
        try { Directory.Delete(Path); } catch (IOException) { }
    }

    static (int Code, string Error) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Trim());
    }
}

using System.Text.RegularExpressions;
using EbpfCat.Loader;
using Xunit;

namespace EbpfCat.Properties.Kernel;

public sealed class ErrorTests
{
    [Fact]
    public void Errno_names_match_the_kernel_headers()
    {
        var headers = new[] { "/usr/include/asm-generic/errno-base.h", "/usr/include/asm-generic/errno.h" }.Where(File.Exists).ToArray();
        if (headers.Length == 0) Assert.Skip("no asm-generic errno headers installed");
        var defined = headers.SelectMany(File.ReadLines)
            .Select(l => Regex.Match(l, @"^#define\s+(E[A-Z0-9]+)\s+(\d+)\b"))
            .Where(m => m.Success)
            .Select(m => (Name: m.Groups[1].Value, Value: int.Parse(m.Groups[2].Value)))
            .ToArray();
        Assert.True(defined.Length > 100);
        // Each number's table name is one of the header's names for it (EWOULDBLOCK and EDEADLOCK are aliases).
        foreach (var group in defined.GroupBy(d => d.Value))
            Assert.Contains(Errno.Name(group.Key), group.Select(d => d.Name));
    }

    [Theory]
    [InlineData(1, "EPERM")]
    [InlineData(2, "ENOENT")]
    [InlineData(7, "E2BIG")]
    [InlineData(13, "EACCES")]
    [InlineData(22, "EINVAL")]
    [InlineData(28, "ENOSPC")]
    [InlineData(95, "EOPNOTSUPP")]
    [InlineData(524, "ENOTSUPP")]
    [InlineData(9999, "errno 9999")]
    public void Errno_values_have_their_symbolic_names(int errno, string name) => Assert.Equal(name, Errno.Name(errno));

    [Fact]
    public void Eperm_names_the_capabilities_and_the_sysctl()
    {
        var e = BpfException.From(BpfCommand.ProgramLoad, Errno.EPERM);
        Assert.Equal(("BPF_PROG_LOAD", "EPERM", 1), (e.CommandName, e.ErrnoName, e.Errno));
        Assert.StartsWith("BPF_PROG_LOAD failed with EPERM", e.Message);
        foreach (var hint in new[] { "CAP_BPF", "CAP_NET_ADMIN", "kernel.unprivileged_bpf_disabled" })
            Assert.Contains(hint, e.Message);
    }

    [Theory]
    [InlineData(BpfCommand.MapCreate, Errno.EINVAL, "BPF_F_MMAPABLE")]
    [InlineData(BpfCommand.MapUpdateElement, Errno.E2BIG, "max_entries")]
    [InlineData(BpfCommand.ProgramLoad, Errno.E2BIG, "too large")]
    [InlineData(BpfCommand.MapLookupElement, Errno.ENOENT, "no element")]
    [InlineData(BpfCommand.ObjectGet, Errno.ENOENT, "nothing is pinned")]
    [InlineData(BpfCommand.ProgramLoad, Errno.ENOSPC, "log")]
    [InlineData(BpfCommand.ProgramTestRun, Errno.ENOSPC, "output buffer")]
    [InlineData(BpfCommand.ProgramLoad, Errno.EACCES, "verifier")]
    [InlineData(BpfCommand.MapUpdateElement, Errno.EPERM, "frozen")]
    [InlineData(BpfCommand.ObjectPin, Errno.EPERM, "bpffs")]
    [InlineData(BpfCommand.MapLookupBatch, Errno.ENOTSUPP, "does not support")]
    public void Known_causes_are_explained(BpfCommand command, int errno, string hint)
        => Assert.Contains(hint, BpfException.From(command, errno).Message);

    [Fact]
    public void Command_names_are_the_uapi_names()
    {
        Assert.Equal("BPF_MAP_CREATE", BpfCommand.MapCreate.UapiName());
        Assert.Equal("BPF_PROG_TEST_RUN", BpfCommand.ProgramTestRun.UapiName());
        Assert.Equal("BPF_PROG_BIND_MAP", BpfCommand.ProgramBindMap.UapiName());
        Assert.Equal(Enum.GetValues<BpfCommand>().Length, Enum.GetValues<BpfCommand>().Select(c => c.UapiName()).Distinct().Count());
    }
}

using EbpfCat.Loader;
using EbpfCat.Loader.Native;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Kernel;

public sealed class LinkTests
{
    const string CgroupRoot = "/sys/fs/cgroup/unified";

    [Fact]
    public async Task A_cgroup_link_attaches_until_it_is_disposed()
    {
        KernelRequirement.Require();
        var root = Directory.Exists(CgroupRoot) ? CgroupRoot : "/sys/fs/cgroup";
        if (!File.Exists(Path.Combine(root, "cgroup.procs"))) Assert.Skip("no cgroup v2 hierarchy");
        // An empty cgroup of our own: attaching there affects no process.
        var cgroup = Directory.CreateDirectory(Path.Combine(root, $"ebpfcat-test-{Guid.NewGuid():N}")).FullName;
        try
        {
            using var program = BpfProgram.Load(ProgramType.CgroupSkb, TestPrograms.Return(1));
            using var cgroupFd = new BpfFileDescriptor(Libc.Open(cgroup, Libc.OpenReadOnly | Libc.OpenDirectory | Libc.OpenCloseOnExec));
            Assert.False(cgroupFd.IsInvalid);
            uint linkId;
            await using (var link = BpfLink.Create(program, cgroupFd, AttachType.CgroupInetIngress))
            {
                var info = link.Info;
                Assert.Equal((LinkType.Cgroup, program.Info.Id), (info.Type, info.ProgramId));
                linkId = info.Id;
                Assert.Contains(linkId, BpfLink.EnumerateIds());
            }
            Assert.DoesNotContain(linkId, BpfLink.EnumerateIds());
        }
        finally
        {
            Directory.Delete(cgroup);
        }
    }

    [Fact]
    public void A_program_of_the_wrong_type_cannot_be_linked()
    {
        KernelRequirement.Require();
        using var program = BpfProgram.Load(ProgramType.SocketFilter, TestPrograms.Return(0));
        var e = Assert.Throws<BpfException>(() => BpfLink.Create(program, 1, AttachType.Xdp));
        Assert.Equal("BPF_LINK_CREATE", e.CommandName);
    }
}

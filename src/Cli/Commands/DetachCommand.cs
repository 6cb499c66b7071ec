using System.CommandLine;
using EbpfCat.Xdp;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat detach --interface NAME [--mode skb|drv|hw]</c>: removes the XDP program of an interface, however it was attached.</summary>
internal static class DetachCommand
{
    public static Command Create()
    {
        var xdp = new XdpOptions();
        var command = new Command("detach", """
            Detach the XDP program of a network interface (needs root or CAP_NET_ADMIN): one attached through rtnetlink (as
            `ebpfcat attach` does) or through a BPF link (the link is detached). With --mode only the program in that mode.
            An interface without a program is a failure.

            Example:
              ebpfcat detach --interface veth0
            """);
        xdp.AddTo(command);
        command.SetGuardedAction((parsed, output) =>
        {
            var before = XdpAttach.Detach(parsed.GetRequiredValue(xdp.Interface), xdp.Options(parsed));
            var mode = xdp.Options(parsed).Mode;
            foreach (var (m, id) in before.ProgramIds.Where(p => mode == XdpAttachMode.Default || p.Mode == mode))
                output.WriteLine($"program {id} detached from {before.InterfaceName} ({XdpOptions.Name(m)} mode)");
            return EbpfCatCli.Ok;
        });
        return command;
    }
}

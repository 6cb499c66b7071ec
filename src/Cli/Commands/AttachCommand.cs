using System.CommandLine;
using EbpfCat.Loader;
using EbpfCat.Xdp;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat attach PIN|FILE --interface NAME [--mode skb|drv|hw]</c>: attaches an XDP program to an interface
/// through rtnetlink, so that it stays attached after the tool exits, until <c>ebpfcat detach</c>.</summary>
/// <remarks>Not through a BPF link: the kernel detaches a link's program when the last reference to the link closes, which for
/// a tool that exits is at once (unless the link were pinned); rtnetlink attachments are what <c>ip link set xdp</c> makes.</remarks>
internal static class AttachCommand
{
    public static Command Create()
    {
        var program = ProgramFileOptions.WithType();
        program.File.Description = "A pinned XDP program (a path in a bpffs, e.g. from `ebpfcat load --pin`), or a program file (raw bytecode or ELF) to load first.";
        var xdp = new XdpOptions();
        var command = new Command("attach", """
            Attach an XDP program to a network interface through rtnetlink (needs root or CAP_NET_ADMIN and CAP_BPF). The program
            stays attached after ebpfcat exits, as with `ip link set dev NAME xdp ...`, until `ebpfcat detach`; an interface that
            already has a program is left alone (detach it first). The program is a pin or a file, which is loaded.

            Example:
              ebpfcat attach /sys/fs/bpf/prog --interface veth0 --mode skb
            """);
        program.AddTo(command);
        xdp.AddTo(command);
        command.SetGuardedAction((parsed, output) =>
        {
            var interfaceName = parsed.GetRequiredValue(xdp.Interface);
            var options = xdp.Options(parsed);
            using var loaded = Open(program, parsed);
            var bpf = loaded.Program;
            if (bpf.Type != ProgramType.Xdp)
                throw new CommandException($"{parsed.GetRequiredValue(program.File)}: only XDP programs attach to interfaces; this is a {Names.Kebab(bpf.Type)} program");
            var attachment = XdpAttach.AttachAsync(bpf, interfaceName, options).GetAwaiter().GetResult();
            var mode = attachment.Mode;
            var (id, name) = (attachment.ProgramId, attachment.InterfaceName);
            attachment.KeepAttached();
            output.WriteLine($"program {id} attached to {name} in {XdpOptions.Name(mode)} mode; it stays attached until `ebpfcat detach --interface {name}`");
            return EbpfCatCli.Ok;
        });
        return command;
    }

    /// <summary>The pinned program at FILE, or the program the file holds, loaded.</summary>
    static LoadedProgramFile Open(ProgramFileOptions program, ParseResult parsed)
    {
        var file = parsed.GetRequiredValue(program.File);
        if (!file.Exists) throw new CommandException($"{file.FullName}: no such pinned program or file");
        try
        {
            return new LoadedProgramFile(BpfProgram.OpenPinned(file.FullName), new Dictionary<string, Maps.BpfMap>(), null);
        }
        catch (BpfException)
        {
            // not a pin (BPF_OBJ_GET refuses files outside a bpffs): a program file
        }
        return program.Read(parsed).Load(program.TypeOf(parsed));
    }
}

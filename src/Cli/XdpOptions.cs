using System.CommandLine;
using EbpfCat.Xdp;

namespace EbpfCat.Cli;

/// <summary>The <c>--interface</c>, <c>--mode</c> and <c>--netns</c> options that <c>attach</c> and <c>detach</c> share.</summary>
internal sealed class XdpOptions
{
    public Option<string> Interface { get; } = new("--interface", "-i") { Description = "The network interface.", Required = true, HelpName = "NAME" };

    public Option<string?> Mode { get; } = CreateMode();

    public Option<string?> Namespace { get; } = new("--netns") { Description = "The network namespace of the interface, by `ip netns` name or path (default: the tool's own).", HelpName = "NAME" };

    static Option<string?> CreateMode()
    {
        var mode = new Option<string?>("--mode") { Description = "skb (generic, every interface), drv (in the driver) or hw (offloaded); default: the kernel's choice.", HelpName = "MODE" };
        mode.AcceptOnlyFromAmong("skb", "drv", "hw");
        return mode;
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Interface);
        command.Options.Add(Mode);
        command.Options.Add(Namespace);
    }

    /// <summary>The mode and namespace as the XDP API takes them.</summary>
    public XdpAttachOptions Options(ParseResult parsed) => new()
    {
        Mode = parsed.GetValue(Mode) switch
        {
            "skb" => XdpAttachMode.Generic,
            "drv" => XdpAttachMode.Driver,
            "hw" => XdpAttachMode.Hardware,
            _ => XdpAttachMode.Default,
        },
        Method = XdpAttachMethod.Netlink,
        NetworkNamespace = parsed.GetValue(Namespace),
    };

    /// <summary>The mode as the tool spells it.</summary>
    public static string Name(XdpAttachMode mode) => mode switch
    {
        XdpAttachMode.Generic => "skb",
        XdpAttachMode.Driver => "drv",
        XdpAttachMode.Hardware => "hw",
        _ => "default",
    };
}

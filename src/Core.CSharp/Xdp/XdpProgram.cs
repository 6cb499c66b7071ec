using System.Runtime.CompilerServices;
using EbpfCat.Builder;
using EbpfCat.Ir;
using EbpfCat.Loader;

namespace EbpfCat.Xdp;

/// <summary>An XDP program written in C# (BPF_PROG_TYPE_XDP, kernel 4.8): it runs for every packet that
/// arrives on the interface it is attached to and returns an <see cref="XdpAction"/>.</summary>
/// <example><code>
/// public sealed class IpCount : XdpProgram
/// {
///     public ArrayVariable&lt;ulong&gt; Ipv4 = new(), Other = new();
///
///     protected override void Build()
///     {
///         If(PacketSize >= 14, () =>
///             If(Packet.Network.H[12] == 0x0800, () => Ipv4 += 1).Else(() => Other += 1));
///         Exit(XdpAction.Pass);
///     }
/// }
/// </code></example>
public abstract class XdpProgram : EbpfProgram
{
    /// <summary>An XDP program.</summary>
    protected XdpProgram([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) : base(ProgramType.Xdp, file, line) { }

    /// <summary>What the program returns when it ends without <see cref="Exit(XdpAction, string, int)"/>, and for
    /// packets shorter than <see cref="MinimumPacketSize"/> (default <see cref="XdpAction.Pass"/>).</summary>
    protected virtual XdpAction DefaultAction => XdpAction.Pass;

    /// <summary>When above 0, shorter packets get <see cref="DefaultAction"/> without running the program,
    /// and the whole program may read the first <see cref="MinimumPacketSize"/> bytes without a guard.</summary>
    protected virtual int MinimumPacketSize => 0;

    /// <inheritdoc/>
    protected sealed override long DefaultExitCode => (long)DefaultAction;

    private protected override Block Wrap(Block body, SourceLocation at) => MinimumPacketSize <= 0
        ? body
        : new Block(
        [
            new If(new Compare(CompareOperator.Less, new PacketLength(at), new Constant(MinimumPacketSize, IrType.I64, at), at),
                new Block([new Ir.Exit(new Constant(DefaultExitCode, IrType.I64, at), at)], at), Block.Empty(at), at),
            .. body.Statements,
        ], at);

    /// <summary>Ends the program with <paramref name="action"/>.</summary>
    protected void Exit(XdpAction action, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        => Exit((long)action, file, line);

    /// <summary>Attaches the program to a network interface, loading it first if needed (the seed's
    /// <c>await c.attach("eth0")</c>). Disposing the attachment detaches it; disposing the program releases it.</summary>
    /// <example><code>
    /// using var count = new Count();
    /// await using var attached = await count.AttachAsync("eth0");
    /// </code></example>
    public Task<XdpAttachment> AttachAsync(string interfaceName, XdpAttachMode mode = XdpAttachMode.Default, CancellationToken cancellationToken = default)
        => AttachAsync(interfaceName, new XdpAttachOptions { Mode = mode }, cancellationToken);

    /// <summary>Attaches the program with full <paramref name="options"/> (mode, method, network namespace).</summary>
    public Task<XdpAttachment> AttachAsync(string interfaceName, XdpAttachOptions options, CancellationToken cancellationToken = default)
    {
        if (!IsLoaded) Load();
        return XdpAttach.AttachAsync(KernelProgram, interfaceName, options, cancellationToken);
    }

    /// <summary>The packet's length in bytes; compare it with a constant to open a block that may read the packet.</summary>
    protected static Expression PacketSize => Expression.Of(new PacketLength(SourceLocation.Unknown));

    /// <summary>The packet's fields (inside a packet-size guard).</summary>
    protected static PacketAccess Packet { get; } = new(network: false);
}

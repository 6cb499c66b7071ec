namespace EbpfCat.Xdp;

/// <summary>What an XDP program returns to tell the kernel what to do with the packet (uapi <c>enum xdp_action</c>, kernel 4.8).</summary>
/// <example><code>Instruction[] pass = [AluOperation.Mov.Imm(Register.R0, (int)XdpAction.Pass), Instruction.Exit()];</code></example>
public enum XdpAction
{
    /// <summary>XDP_ABORTED: drop the packet and raise the xdp_exception tracepoint (a program error).</summary>
    Aborted = 0,
    /// <summary>XDP_DROP: drop the packet silently.</summary>
    Drop = 1,
    /// <summary>XDP_PASS: hand the packet on to the network stack.</summary>
    Pass = 2,
    /// <summary>XDP_TX: send the (possibly rewritten) packet back out of the interface it arrived on.</summary>
    Tx = 3,
    /// <summary>XDP_REDIRECT: send the packet where a redirect helper pointed it (another interface, a CPU, an AF_XDP socket; kernel 4.14).</summary>
    Redirect = 4,
}

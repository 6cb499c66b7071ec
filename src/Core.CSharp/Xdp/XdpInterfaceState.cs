namespace EbpfCat.Xdp;

/// <summary>Which XDP programs an interface has, per mode, as rtnetlink reports them (IFLA_XDP in RTM_GETLINK, kernel 4.13
/// for program ids); an id of 0 means no program in that mode.</summary>
/// <param name="InterfaceIndex">The interface index in its network namespace.</param>
/// <param name="InterfaceName">The interface name.</param>
/// <param name="GenericProgramId">The program attached in generic (SKB) mode, or 0.</param>
/// <param name="DriverProgramId">The program attached in driver (native) mode, or 0.</param>
/// <param name="HardwareProgramId">The program offloaded to the card, or 0.</param>
/// <example><code>
/// var state = XdpAttach.Query("veth0");
/// if (state.HasProgram) Console.WriteLine($"program {state.ProgramIds[0].ProgramId} in {state.ProgramIds[0].Mode} mode");
/// </code></example>
public sealed record XdpInterfaceState(int InterfaceIndex, string InterfaceName, uint GenericProgramId, uint DriverProgramId, uint HardwareProgramId)
{
    /// <summary>True when a program is attached in any mode.</summary>
    public bool HasProgram => GenericProgramId != 0 || DriverProgramId != 0 || HardwareProgramId != 0;

    /// <summary>The attached programs with their modes (driver, generic, hardware order; at most one per mode).</summary>
    public IReadOnlyList<(XdpAttachMode Mode, uint ProgramId)> ProgramIds =>
    [
        .. new[] { (XdpAttachMode.Driver, DriverProgramId), (XdpAttachMode.Generic, GenericProgramId), (XdpAttachMode.Hardware, HardwareProgramId) }
            .Where(p => p.Item2 != 0),
    ];

    /// <summary>The mode in which program <paramref name="programId"/> is attached, or null when it is not attached here.</summary>
    public XdpAttachMode? ModeOf(uint programId) => ProgramIds.Where(p => p.ProgramId == programId).Select(p => (XdpAttachMode?)p.Mode).FirstOrDefault();

    /// <summary>A line such as <c>veth0 (3): generic program 42</c> or <c>veth0 (3): no XDP program</c>.</summary>
    public override string ToString() => HasProgram
        ? $"{InterfaceName} ({InterfaceIndex}): {string.Join(", ", ProgramIds.Select(p => $"{p.Mode.ToString().ToLowerInvariant()} program {p.ProgramId}"))}"
        : $"{InterfaceName} ({InterfaceIndex}): no XDP program";
}

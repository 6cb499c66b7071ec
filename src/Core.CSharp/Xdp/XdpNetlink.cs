using EbpfCat.Netlink;

namespace EbpfCat.Xdp;

/// <summary>The XDP part of rtnetlink: the nested IFLA_XDP attribute of RTM_SETLINK (attach, replace, detach) and of
/// RTM_NEWLINK (what is attached), as in uapi if_link.h.</summary>
internal static class XdpNetlink
{
    const ushort Xdp = 43;                // IFLA_XDP
    const ushort Fd = 1;                  // IFLA_XDP_FD
    const ushort Attached = 2;            // IFLA_XDP_ATTACHED
    const ushort Flags = 3;               // IFLA_XDP_FLAGS
    const ushort ProgramId = 4;           // IFLA_XDP_PROG_ID
    const ushort DriverProgramId = 5;     // IFLA_XDP_DRV_PROG_ID
    const ushort GenericProgramId = 6;    // IFLA_XDP_SKB_PROG_ID
    const ushort HardwareProgramId = 7;   // IFLA_XDP_HW_PROG_ID
    const ushort ExpectedFd = 8;          // IFLA_XDP_EXPECTED_FD

    /// <summary>XDP_FLAGS_UPDATE_IF_NOEXIST: fail with EBUSY rather than replace a program that is there (kernel 4.11).</summary>
    internal const uint UpdateIfNoExist = 1;
    /// <summary>XDP_FLAGS_REPLACE: act only when the attached program is the one IFLA_XDP_EXPECTED_FD names (kernel 5.7).</summary>
    internal const uint Replace = 16;

    /// <summary>Attaches <paramref name="programFd"/> unless the interface has a program in that mode already.</summary>
    internal static void Attach(RouteNetlinkSocket socket, int index, int programFd, XdpAttachMode mode)
        => Set(socket, index, programFd, (uint)mode | UpdateIfNoExist, null);

    /// <summary>Swaps <paramref name="expectedFd"/>'s program for <paramref name="programFd"/>'s (or removes it, with -1) in one step,
    /// failing with EEXIST when another program is attached.</summary>
    internal static void Exchange(RouteNetlinkSocket socket, int index, int programFd, int expectedFd, XdpAttachMode mode)
        => Set(socket, index, programFd, (uint)mode | Replace, expectedFd);

    /// <summary>Removes the program attached in <paramref name="mode"/>, whoever attached it (IFLA_XDP_FD -1).</summary>
    internal static void Remove(RouteNetlinkSocket socket, int index, XdpAttachMode mode)
        => Set(socket, index, -1, (uint)mode, null);

    static void Set(RouteNetlinkSocket socket, int index, int programFd, uint flags, int? expectedFd)
        => RouteLinks.Set(socket, index, request =>
        {
            int nest = request.BeginNested(Xdp);
            request.Int32(Fd, programFd).UInt32(Flags, flags);
            if (expectedFd is int expected) request.Int32(ExpectedFd, expected);
            request.EndNested(nest);
        });

    /// <summary>The XDP programs of the interface <paramref name="link"/> describes.</summary>
    internal static XdpInterfaceState State(LinkMessage link)
    {
        var xdp = link.Attribute(Xdp);
        uint generic = NetlinkAttributeReader.UInt32(NetlinkAttributeReader.Find(xdp, GenericProgramId));
        uint driver = NetlinkAttributeReader.UInt32(NetlinkAttributeReader.Find(xdp, DriverProgramId));
        uint hardware = NetlinkAttributeReader.UInt32(NetlinkAttributeReader.Find(xdp, HardwareProgramId));
        // Kernels before 4.20 report one id and the mode (XDP_ATTACHED_DRV 1, SKB 2, HW 3) instead of an id per mode.
        uint single = NetlinkAttributeReader.UInt32(NetlinkAttributeReader.Find(xdp, ProgramId));
        var attached = NetlinkAttributeReader.Find(xdp, Attached);
        if (single != 0 && generic == 0 && driver == 0 && hardware == 0 && !attached.IsEmpty)
        {
            switch (attached[0])
            {
                case 1: driver = single; break;
                case 2: generic = single; break;
                case 3: hardware = single; break;
            }
        }
        return new XdpInterfaceState(link.Index, link.Name, generic, driver, hardware);
    }
}

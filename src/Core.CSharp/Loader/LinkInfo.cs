namespace EbpfCat.Loader;

/// <summary>What the kernel reports about a link (BPF_OBJ_GET_INFO_BY_FD on a link, kernel 5.8).</summary>
/// <param name="Type">The kind of link.</param>
/// <param name="Id">The kernel-wide link id.</param>
/// <param name="ProgramId">The id of the attached program.</param>
/// <param name="InterfaceIndex">For an XDP link (kernel 5.9): the index of its interface in the interface's network namespace; otherwise 0.</param>
/// <example><code>Assert.Equal(program.Info.Id, link.Info.ProgramId);</code></example>
public sealed record LinkInfo(LinkType Type, uint Id, uint ProgramId, int InterfaceIndex);

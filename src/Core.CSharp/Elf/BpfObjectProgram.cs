using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Loader;

namespace EbpfCat.Elf;

/// <summary>One program of a BPF object: its ELF section, its function name, its instructions with every bpf-to-bpf
/// callee appended, and which instructions load a map of the object.</summary>
/// <remarks>Map loads are in a canonical form: <c>Instruction.LoadMapFd(reg, 0)</c> for a map's fd and
/// <c>Instruction.LoadMapValue(reg, 0, offset)</c> for an address in a global data map; each has one
/// <see cref="MapRelocation"/> whose <see cref="MapRelocation.MapIndex"/> indexes <see cref="BpfObjectFile.Maps"/>.</remarks>
/// <param name="Section">The ELF section, which names the program type by libbpf's convention (<c>xdp</c>, <c>tc</c>, <c>socket</c>, ...).</param>
/// <param name="Name">The program's function symbol.</param>
/// <param name="Instructions">The linked instructions.</param>
/// <param name="Relocations">The map loads.</param>
/// <example><code>var program = new BpfObjectProgram("xdp", "pass", new([AluOperation.Mov.Imm(Register.R0, 2), Instruction.Exit()]), new([]));</code></example>
public sealed record BpfObjectProgram(string Section, string Name, EquatableArray<Instruction> Instructions, EquatableArray<MapRelocation> Relocations)
{
    /// <summary>The kernel program type that the section name stands for, by libbpf's section naming, or
    /// <see cref="ProgramType.Unspecified"/> when the name says nothing.</summary>
    public ProgramType Type => TypeOfSection(Section);

    /// <summary>The program type libbpf gives a section name: <c>xdp</c> and <c>xdp/...</c> are XDP, <c>tc</c> and <c>classifier</c> are sched_cls, ...</summary>
    public static ProgramType TypeOfSection(string section)
    {
        var prefix = section.Split('/', 2)[0];
        return prefix switch
        {
            "xdp" or "xdp.frags" => ProgramType.Xdp,
            "tc" or "classifier" or "tcx" => ProgramType.SchedCls,
            "action" => ProgramType.SchedAct,
            "socket" => ProgramType.SocketFilter,
            "kprobe" or "kretprobe" or "uprobe" or "uretprobe" => ProgramType.Kprobe,
            "tracepoint" or "tp" => ProgramType.Tracepoint,
            "perf_event" => ProgramType.PerfEvent,
            "cgroup_skb" => ProgramType.CgroupSkb,
            _ => ProgramType.Unspecified,
        };
    }
}

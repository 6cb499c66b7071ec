using EbpfCat.Loader;
using EbpfCat.Maps;

namespace EbpfCat.Cli;

/// <summary>Every program or map in the kernel, each described once (BPF_*_GET_NEXT_ID, BPF_*_GET_FD_BY_ID, BPF_OBJ_GET_INFO_BY_FD).</summary>
internal static class KernelObjects
{
    public static IReadOnlyList<ProgramInfo> Programs() => Describe(BpfProgram.EnumerateIds(), BpfProgram.OpenById, p => p.Info);

    public static IReadOnlyList<MapInfo> Maps() => Describe(BpfMap.EnumerateIds(), BpfMap.OpenById, m => m.Info);

    static List<TInfo> Describe<TObject, TInfo>(IEnumerable<uint> ids, Func<uint, TObject> open, Func<TObject, TInfo> info) where TObject : IDisposable
    {
        var all = new List<TInfo>();
        foreach (var id in ids)
        {
            TObject opened;
            try { opened = open(id); }
            catch (BpfException e) when (e.Errno == Errno.ENOENT) { continue; }   // freed between the id and the open
            using (opened) all.Add(info(opened));
        }
        return all;
    }
}

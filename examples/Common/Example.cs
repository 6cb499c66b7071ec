using EbpfCat.Builder;
using EbpfCat.Xdp;

namespace EbpfCat.Examples;

/// <summary>What an example program tells the host: how to make its program, which of its variables count
/// which kind of frame, and which frames the demo sends.</summary>
public sealed record Example<TProgram>(
    string Name,
    Func<TProgram> Create,
    Func<TProgram, IReadOnlyList<(string Kind, Func<ulong> Counted)>> Counters,
    IReadOnlyList<(string Kind, byte[] Frame)> DemoFrames)
    where TProgram : XdpProgram;

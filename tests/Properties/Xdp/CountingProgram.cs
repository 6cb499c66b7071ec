using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Maps;
using EbpfCat.Xdp;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Xdp;

/// <summary>An XDP program that counts every packet in a one-element array (a direct map-value load and an atomic add, as the
/// compiler emits for ArrayMap variables) and then returns a fixed action; disposing it frees the program and the map.</summary>
internal sealed class CountingProgram : IDisposable
{
    CountingProgram(BpfMap counter, BpfProgram program)
    {
        Counter = counter;
        Program = program;
    }

    internal BpfMap Counter { get; }

    internal BpfProgram Program { get; }

    /// <summary>Loads a program that counts and returns <paramref name="action"/>.</summary>
    internal static CountingProgram Load(XdpAction action = XdpAction.Pass)
    {
        var counter = BpfMap.Create(MapType.Array, 4, 8, 1, MapFlags.Mmapable, name: "packets");
        try { return new CountingProgram(counter, LoadCountingInto(counter, action)); }
        catch
        {
            counter.Dispose();
            throw;
        }
    }

    /// <summary>Loads another program that counts into <paramref name="counter"/> and returns <paramref name="action"/>.</summary>
    internal static BpfProgram LoadCountingInto(BpfMap counter, XdpAction action = XdpAction.Pass)
    {
        Instruction[] code =
        [
            Instruction.LoadMapValue(R1, 0, 0),                                   // relocated: r1 = &packets[0]
            AluOperation.Mov.Imm(R2, 1),
            Instruction.Atomic(AtomicOperation.Add, AccessSize.DoubleWord, R1, R2, 0),
            AluOperation.Mov.Imm(R0, (int)action),
            Instruction.Exit(),
        ];
        return BpfProgram.Load(ProgramType.Xdp, code, [new MapRelocation(0, 0)], [counter]);
    }

    /// <summary>The packets counted so far.</summary>
    internal ulong Count => BitConverter.ToUInt64(Counter.Lookup(new byte[4]));

    /// <summary>Waits until <paramref name="expected"/> packets are counted (receive processing runs in softirq, possibly after the
    /// send returned), or at most a few seconds; then a moment more, so that a count too high shows too. Returns the count.</summary>
    internal ulong WaitForCount(ulong expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Count < expected && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Thread.Sleep(20);
        return Count;
    }

    public void Dispose()
    {
        Program.Dispose();
        Counter.Dispose();
    }
}

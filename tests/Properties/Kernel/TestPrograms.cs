using EbpfCat.Isa;
using EbpfCat.Loader;
using static EbpfCat.Isa.Register;

namespace EbpfCat.Properties.Kernel;

/// <summary>Small programs, built with the ISA factories, that the kernel tests load and run.</summary>
internal static class TestPrograms
{
    /// <summary>XDP actions.</summary>
    internal const uint XdpDrop = 1, XdpPass = 2, XdpTx = 3;

    /// <summary>uapi enum bpf_func_id: bpf_map_lookup_elem.</summary>
    internal const int MapLookupElem = 1;

    /// <summary>A minimal Ethernet frame: test runs of XDP and socket filters need at least 14 bytes.</summary>
    internal static byte[] Packet(int length = 64) => [.. Enumerable.Range(0, length).Select(i => (byte)i)];

    /// <summary><c>r0 = value; exit</c>.</summary>
    internal static Instruction[] Return(int value) => [AluOperation.Mov.Imm(R0, value), Instruction.Exit()];

    /// <summary>XDP: when the packet has a first byte, overwrite it with <paramref name="value"/> and transmit; else drop.</summary>
    internal static Instruction[] WriteFirstByteAndTransmit(byte value) =>
    [
        Instruction.Load(AccessSize.Word, R2, R1, 0),   // r2 = ctx->data
        Instruction.Load(AccessSize.Word, R3, R1, 4),   // r3 = ctx->data_end
        AluOperation.Mov.Reg(R4, R2),
        AluOperation.Add.Imm(R4, 1),
        JumpOperation.JGT.Reg(R4, R3, 3),               // too short: drop
        Instruction.Store(AccessSize.Byte, R2, 0, value),
        AluOperation.Mov.Imm(R0, (int)XdpTx),
        Instruction.Exit(),
        AluOperation.Mov.Imm(R0, (int)XdpDrop),
        Instruction.Exit(),
    ];

    /// <summary>XDP: atomically adds 1 to the u64 under key 0 of a hash or array map and passes; drops when the key is missing.
    /// Instruction 3 loads the map: relocate it with <see cref="CounterRelocation"/>.</summary>
    internal static Instruction[] CountInMap() =>
    [
        Instruction.Store(AccessSize.Word, R10, -4, 0),  // key = 0
        AluOperation.Mov.Reg(R2, R10),
        AluOperation.Add.Imm(R2, -4),
        Instruction.LoadMapFd(R1, 0),                    // relocated
        Instruction.Call(MapLookupElem),
        JumpOperation.JEQ.Imm(R0, 0, 4),
        AluOperation.Mov.Imm(R1, 1),
        Instruction.Atomic(AtomicOperation.Add, AccessSize.DoubleWord, R0, R1, 0),
        AluOperation.Mov.Imm(R0, (int)XdpPass),
        Instruction.Exit(),
        AluOperation.Mov.Imm(R0, (int)XdpDrop),
        Instruction.Exit(),
    ];

    /// <summary>The relocation of <see cref="CountInMap"/>'s map load to map 0.</summary>
    internal static MapRelocation CounterRelocation => new(3, 0);

    /// <summary>Socket filter over an mmapable single-element array: adds 1 to the u64 at offset 0 with an atomic add and
    /// returns the u64 at offset 8 — both reached by a direct map-value load, no helper call.</summary>
    internal static Instruction[] IncrementAndReturnSecondWord() =>
    [
        Instruction.LoadMapValue(R1, 0, 0),              // relocated: r1 = &value[0]
        AluOperation.Mov.Imm(R2, 1),
        Instruction.Atomic(AtomicOperation.Add, AccessSize.DoubleWord, R1, R2, 0),
        Instruction.Load(AccessSize.DoubleWord, R0, R1, 8),
        Instruction.Exit(),
    ];
}

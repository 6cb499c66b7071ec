namespace EbpfCat.Benchmarks.Programs;

/// <summary>The 64-byte packet every program runs on, and the constants both languages share.</summary>
public static class ReferencePacket
{
    public const int Size = 64;
    public const int UdpHeaderEnd = 42;
    public const int BlockedSources = 16;
    public const int BlockedPorts = 30;

    // Irregular on purpose (also in c/parse.c): an arithmetic series lets clang fold 30 tests into one multiply and compare.
    static readonly uint[] BlockedSourceTable = [0x0aea2724, 0x0a8e6b5e, 0x0ad0454d, 0x0a2a99a5, 0x0a820b99, 0x0aa16c03, 0x0a7596c4, 0x0a93fd0b, 0x0a0f3ba4, 0x0a23f455, 0x0a374232, 0x0acd0134, 0x0a3731f7, 0x0a94f139, 0x0ac5e51a, 0x0a223715];
    static readonly int[] BlockedPortTable = [57761, 36327, 31540, 30291, 41260, 46469, 13125, 34305, 30671, 52221, 20907, 54084, 30635, 10316, 57179, 13469, 39518, 6966, 7192, 37709, 3768, 53708, 13225, 57060, 59375, 52992, 42603, 34572, 32203, 42303];

    /// <summary>The i-th blocked IPv4 source in 10.0.0.0/8.</summary>
    public static uint BlockedSource(int i) => BlockedSourceTable[i];

    /// <summary>The i-th blocked UDP destination port.</summary>
    public static int BlockedPort(int i) => BlockedPortTable[i];
    public const int PressureValues = 14;
    public const int LargeSteps = 2500;

    /// <summary>The constant of step <paramref name="i"/> of the large program (also written by the C generator).</summary>
    public static long LargeConstant(int i) => (i * 2654435761L) & 0x7fff_ffff;

    /// <summary>An Ethernet/IPv4/UDP frame from 192.168.1.2:53 to port 9999 that passes every check of parse.</summary>
    public static byte[] Create()
    {
        var p = new byte[Size];
        for (int i = 0; i < 12; i++) p[i] = (byte)(0x10 + i);
        p[12] = 0x08; p[13] = 0x00;               // EtherType IPv4
        p[14] = 0x45; p[16] = 0; p[17] = 50;      // version/IHL, total length
        p[22] = 64; p[23] = 17;                   // TTL, UDP
        p[26] = 192; p[27] = 168; p[28] = 1; p[29] = 2;
        p[30] = 192; p[31] = 168; p[32] = 1; p[33] = 1;
        p[34] = 0; p[35] = 53;                    // source port 53
        p[36] = 0x27; p[37] = 0x0f;               // destination port 9999
        p[38] = 0; p[39] = 30;
        for (int i = 42; i < Size; i++) p[i] = (byte)i;
        return p;
    }
}

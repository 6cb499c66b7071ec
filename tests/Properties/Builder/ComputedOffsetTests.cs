using EbpfCat.Builder;
using EbpfCat.Diagnostics;
using EbpfCat.Interpreter;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Builder;

/// <summary>Fields after a header of run-time length: a guard that counts from an offset local covers the fields at
/// that local plus a constant, the kernel verifier accepts the code, and mistakes are build errors with the line.</summary>
public sealed class ComputedOffsetTests
{
    /// <summary>The UDP destination port behind an IPv4 header of any length (IHL 5 to 15), in network order.</summary>
    sealed class UdpPort : XdpProgram
    {
        public ArrayVariable<ushort> Port = new();
        public ArrayVariable<byte> Protocol = new();

        protected override void Build()
        {
            If(PacketSize >= 34, () =>
            {
                var udp = Local(14 + (Packet.B[14] & 0x0f) * 4);
                If(PacketSize >= udp + 4, () =>
                {
                    Protocol.Set(Packet.B[23]);               // a constant offset inside the outer guard
                    Port.Set(Packet.At(udp).Network.H[2]);
                });
            });
            Exit(XdpAction.Pass);
        }
    }

    /// <summary>An Ethernet + IPv4 + UDP frame with an IPv4 header of <paramref name="ihl"/> words, cut to <paramref name="length"/> bytes.</summary>
    static byte[] Frame(int ihl, ushort port, int? length = null)
    {
        var frame = new byte[14 + ihl * 4 + 8];
        frame[12] = 0x08;
        frame[14] = (byte)(0x40 | ihl);
        frame[23] = 17;
        frame[14 + ihl * 4 + 2] = (byte)(port >> 8);
        frame[14 + ihl * 4 + 3] = (byte)port;
        return frame[..(length ?? frame.Length)];
    }

    public static TheoryData<int, int?, ushort> Frames => new()
    {
        { 5, null, 53 },                    // the usual 20-byte header
        { 6, null, 4789 },
        { 15, null, 0xfffe },               // the longest header
        { 5, 14 + 20 + 4, 443 },            // exactly long enough
        { 5, 14 + 20 + 3, 0 },              // one byte short: not read
        { 15, 14 + 60 + 3, 0 },
    };

    [Theory, MemberData(nameof(Frames))]
    public void The_kernel_reads_the_field_behind_a_header_of_run_time_length(int ihl, int? length, ushort expected)
    {
        KernelRequirement.Require();
        using var program = new UdpPort();
        program.Load();
        var frame = Frame(ihl, expected == 0 ? (ushort)7 : expected, length);
        Assert.Equal(2u, program.TestRun(frame).ReturnValue);
        Assert.Equal(expected, program.Port.Value);
        Assert.Equal(frame.Length >= 14 + ihl * 4 + 4 ? (byte)17 : (byte)0, program.Protocol.Value);
    }

    [Theory, MemberData(nameof(Frames))]
    public void The_interpreter_reads_the_same_field(int ihl, int? length, ushort expected)
    {
        using var program = new UdpPort();
        var compiled = program.Compile();
        var simulated = new SimulatedProgram(compiled);
        simulated.RunXdp(Frame(ihl, expected == 0 ? (ushort)7 : expected, length));
        var globals = simulated.Maps.Values.Single().Lookup(new byte[4])!;
        // variables are laid out in the order the program first uses them: Protocol at 0, Port at 2
        Assert.Equal(expected, BitConverter.ToUInt16(globals, 2));
    }

    sealed class PastTheGuard : XdpProgram
    {
        public ArrayVariable<ushort> Port = new();
        protected override void Build()
        {
            If(PacketSize >= 34, () =>
            {
                var udp = Local(14 + (Packet.B[14] & 0x0f) * 4);
                If(PacketSize >= udp + 4, () =>
                    Port.Set(Packet.At(udp).H[3])); // line 90
            });
        }
    }

    sealed class Unbounded : XdpProgram
    {
        public ArrayVariable<ulong> Start = new();
        public ArrayVariable<ushort> Port = new();
        protected override void Build()
        {
            var offset = Local(Start);
            If(PacketSize >= offset + 4, () => // line 102
                Port.Set(Packet.At(offset).H[0]));
        }
    }

    sealed class ChangedInside : XdpProgram
    {
        public ArrayVariable<ushort> Port = new();
        protected override void Build()
        {
            If(PacketSize >= 34, () =>
            {
                var udp = Local(14 + (Packet.B[14] & 0x0f) * 4);
                If(PacketSize >= udp + 4, () =>
                {
                    udp.Set(udp + 2);
                    Port.Set(Packet.At(udp).H[0]); // line 118
                });
            });
        }
    }

    static Diagnostic SingleError(EbpfProgram program) => BuildErrorTests.SingleError(program);

    [Fact]
    public void A_field_past_the_guarded_bytes_names_its_line()
    {
        var d = SingleError(new PastTheGuard());
        Assert.Equal(DiagnosticIds.UnguardedPacketAccess, d.Id);
        Assert.EndsWith("ComputedOffsetTests.cs", d.Location.File);
        Assert.Equal(90, d.Location.Line);
        Assert.Contains("+ 3..4", d.Message);
        Assert.Contains("+ 4 bytes", d.Message);
    }

    [Fact]
    public void An_offset_without_a_known_upper_bound_is_refused_at_its_guard()
    {
        var d = SingleError(new Unbounded());
        Assert.Equal(DiagnosticIds.UnboundedPacketOffset, d.Id);
        Assert.Equal(102, d.Location.Line);
        Assert.Contains("no known upper bound", d.Message);
    }

    [Fact]
    public void Changing_the_offset_inside_its_guard_ends_what_the_guard_covers()
    {
        var d = SingleError(new ChangedInside());
        Assert.Equal(DiagnosticIds.UnguardedPacketAccess, d.Id);
        Assert.Equal(118, d.Location.Line);
    }
}

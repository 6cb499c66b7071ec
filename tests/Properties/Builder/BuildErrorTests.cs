using EbpfCat.Builder;
using EbpfCat.Diagnostics;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Builder;

/// <summary>Programs the kernel would reject are refused while building, naming the C# file and line.</summary>
public sealed class BuildErrorTests
{
    sealed class AddToShort : XdpProgram
    {
        public ArrayVariable<short> Small = new();
        protected override void Build()
        {
            Small += 1; // line 16
        }
    }

    sealed class UnguardedRead : XdpProgram
    {
        public ArrayVariable<ulong> Seen = new();
        protected override void Build()
        {
            Seen.Set(Packet.H[12]); // line 25
        }
    }

    sealed class ShortGuard : XdpProgram
    {
        public ArrayVariable<ulong> Seen = new();
        protected override void Build()
        {
            If(PacketSize >= 13, () =>
                Seen.Set(Packet.H[12])); // line 35
        }
    }

    sealed class ByteOverflow : XdpProgram
    {
        public ArrayVariable<byte> Small = new();
        protected override void Build() => Small.Set(300); // line 42
    }

    /// <summary>The one diagnostic building <paramref name="program"/> fails with.</summary>
    internal static Diagnostic SingleError(EbpfProgram program)
    {
        var e = Assert.Throws<CompilationException>(() => program.Compile());
        return Assert.Single(e.Diagnostics);
    }

    [Fact]
    public void Adding_atomically_to_a_two_byte_array_variable_names_the_line_of_the_plus_equals()
    {
        var d = SingleError(new AddToShort());
        Assert.Equal(DiagnosticIds.AtomicAddSize, d.Id);
        Assert.EndsWith("BuildErrorTests.cs", d.Location.File);
        Assert.Equal(16, d.Location.Line);
        Assert.Contains("'Small' is 2 bytes wide", d.Message);
    }

    [Fact]
    public void Reading_the_packet_outside_a_guard_names_the_line_of_the_read()
    {
        var d = SingleError(new UnguardedRead());
        Assert.Equal(DiagnosticIds.UnguardedPacketAccess, d.Id);
        Assert.EndsWith("BuildErrorTests.cs", d.Location.File);
        Assert.Equal(25, d.Location.Line);
        Assert.Contains("packet bytes 12..13", d.Message);
    }

    [Fact]
    public void Reading_past_the_guarded_size_names_the_line_and_the_guard()
    {
        var d = SingleError(new ShortGuard());
        Assert.Equal((DiagnosticIds.UnguardedPacketAccess, 35), (d.Id, d.Location.Line));
        Assert.Contains("only covers the first 13 bytes", d.Message);
    }

    [Fact]
    public void A_constant_too_large_for_a_byte_variable_is_an_error()
    {
        var d = SingleError(new ByteOverflow());
        Assert.Equal((DiagnosticIds.ConstantOverflow, 42), (d.Id, d.Location.Line));
    }

    [Fact]
    public void The_compilation_message_starts_with_file_and_line()
    {
        var e = Assert.Throws<CompilationException>(() => new UnguardedRead().Compile());
        Assert.Matches(@"BuildErrorTests\.cs:25: error EBPF0101: ", e.Message);
    }
}

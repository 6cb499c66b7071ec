using EbpfCat.Builder;
using EbpfCat.Diagnostics;
using EbpfCat.Loader;
using EbpfCat.Passes;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Kernel;

/// <summary>A program written with the C# builder that the kernel rejects, our own checks switched off: the error names
/// the C# file and line of the builder call that made the failing instruction, the verifier's message and the errno.</summary>
public sealed class BuilderVerifierErrorTests
{
    // The line numbers below are asserted: keep these classes where they are.
    sealed class UnguardedRead : XdpProgram
    {
        public ArrayVariable<ulong> Seen = new();
        protected override void Build()
        {
            Seen.Set(
                Packet.H[12]); // line 22: the packet read the verifier refuses, one line after the store
        }
    }

    sealed class ShortGuard : XdpProgram
    {
        public ArrayVariable<ulong> Seen = new();
        protected override void Build()
        {
            If(PacketSize >= 13, () =>
                Seen.Set(Packet.H[12])); // line 32: bytes 12..13 of a packet only known to have 13
        }
    }

    static CompilerOptions Unchecked => CompilerOptions.Default with { Checks = false };

    [Fact]
    public void An_unguarded_packet_read_is_rejected_naming_the_line_of_the_read()
    {
        KernelRequirement.Require();
        using var program = new UnguardedRead();
        Assert.Equal(DiagnosticIds.UnguardedPacketAccess, Assert.Single(Assert.Throws<CompilationException>(() => program.Compile()).Diagnostics).Id);
        var e = Assert.Throws<VerifierException>(() => program.Load(Unchecked));
        Assert.NotNull(e.Location);
        Assert.Equal(("BuilderVerifierErrorTests.cs", 22), (Path.GetFileName(e.Location.File), e.Location.Line));
        Assert.StartsWith($"{e.Location.File}:22", e.Message);
        Assert.Contains("EACCES", e.Message);
        Assert.Contains("invalid access to packet", e.Message);
        Assert.Contains("invalid access to packet", e.Summary);
        Assert.False(program.IsLoaded);
    }

    [Fact]
    public void A_read_past_the_guarded_size_is_rejected_naming_the_line_of_the_read_not_the_guard()
    {
        KernelRequirement.Require();
        using var program = new ShortGuard();
        var e = Assert.Throws<VerifierException>(() => program.Load(Unchecked));
        Assert.Equal(("BuilderVerifierErrorTests.cs", 32), (Path.GetFileName(e.Location?.File), e.Location?.Line));
        Assert.Contains("EACCES", e.Message);
        Assert.Contains("invalid access to packet", e.Message);
    }
}

using EbpfCat.Builder;
using EbpfCat.Diagnostics;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Builder;

/// <summary>A typed hash map: looked up, updated and deleted by the program, read and written as a dictionary by user space.</summary>
public sealed class HashMapTests
{
    sealed class PerEtherType : XdpProgram
    {
        public HashMap<ushort, ulong> Counts = new(maxEntries: 16);

        protected override void Build()
        {
            If(PacketSize >= 14, () =>
            {
                var entry = Counts.Lookup(Packet.Network.H[12]);
                If(entry.Found, () => entry.Value += 1)
                    .Else(() => Counts.Update(Packet.Network.H[12], 1));
            });
            Exit(XdpAction.Pass);
        }
    }

    sealed class Forgetful : XdpProgram
    {
        public HashMap<uint, ulong> Seen = new();
        public ArrayVariable<ulong> Deleted = new();

        protected override void Build()
        {
            var entry = Seen.Lookup(7);
            If(entry.Missing, () => Exit(XdpAction.Pass)); // after this, the entry is known to be there
            Deleted.Set(entry.Value);
            Seen.Delete(7);
            Exit(XdpAction.Drop);
        }
    }

    sealed class Unchecked : XdpProgram
    {
        public HashMap<uint, ulong> Seen = new();
        public ArrayVariable<ulong> Copy = new();

        protected override void Build()
        {
            var entry = Seen.Lookup(1);
            Copy.Set(entry.Value); // line 51: no null check
        }
    }

    static byte[] Frame(ushort etherType)
    {
        var frame = new byte[64];
        frame[12] = (byte)(etherType >> 8);
        frame[13] = (byte)etherType;
        return frame;
    }

    [Fact]
    public void The_program_counts_per_key_and_user_space_reads_the_map_as_a_dictionary()
    {
        KernelRequirement.Require();
        using var program = new PerEtherType();
        program.Load();
        program.TestRun(Frame(0x0800), repeat: 5);
        program.TestRun(Frame(0x0806), repeat: 2);
        program.TestRun(Frame(0x86dd));
        Assert.Equal(5ul, program.Counts[0x0800]);
        Assert.Equal(2ul, program.Counts[0x0806]);
        Assert.Equal(
            new Dictionary<ushort, ulong> { [0x0800] = 5, [0x0806] = 2, [0x86dd] = 1 },
            program.Counts.ToDictionary(p => p.Key, p => p.Value));
        program.Counts[0x0800] = 100;
        program.TestRun(Frame(0x0800));
        Assert.Equal(101ul, program.Counts[0x0800]);
        Assert.True(program.Counts.Remove(0x0806));
        Assert.False(program.Counts.TryGetValue(0x0806, out _));
        Assert.Throws<KeyNotFoundException>(() => program.Counts[0x1234]);
    }

    [Fact]
    public void An_early_exit_on_a_missing_entry_proves_it_for_the_rest_and_delete_removes_it()
    {
        KernelRequirement.Require();
        using var program = new Forgetful();
        program.Load();
        Assert.Equal(2u, program.TestRun(new byte[64]).ReturnValue); // nothing there yet: pass
        program.Seen[7] = 42;
        Assert.Equal(1u, program.TestRun(new byte[64]).ReturnValue);
        Assert.Equal(42ul, program.Deleted.Value);
        Assert.False(program.Seen.TryGetValue(7, out _));
    }

    [Fact]
    public void Using_a_lookup_without_a_null_check_is_a_build_error_at_the_use()
    {
        var e = Assert.Throws<CompilationException>(() => new Unchecked().Compile());
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticIds.UncheckedMapLookup, d.Id);
        Assert.EndsWith("HashMapTests.cs", d.Location.File);
        Assert.Equal(51, d.Location.Line);
        Assert.Contains("may be null", d.Message);
    }

    [Fact]
    public void A_checked_lookup_compiles_to_lookup_null_check_and_atomic_add()
    {
        var code = EbpfCat.Isa.Disassembler.Disassemble(new PerEtherType().Compile().Instructions);
        Assert.Contains("call 0x1", code);
        Assert.Contains("call 0x2", code);
        Assert.Matches(@"if r\d == 0x0 goto", code);
        Assert.Matches(@"lock \*\(u64 \*\)\(r\d \+ 0x0\) \+= r\d", code);
    }
}

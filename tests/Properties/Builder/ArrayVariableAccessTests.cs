using EbpfCat.Builder;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Builder;

/// <summary>User space reads and writes an ArrayVariable straight in the mapped map value, and the program
/// (run with BPF_PROG_TEST_RUN) sees the same value; once the program is disposed the variable refuses access.</summary>
public sealed class ArrayVariableAccessTests
{
    sealed class Copier : XdpProgram
    {
        public ArrayVariable<uint> Input = new();
        public ArrayVariable<short> Signed = new();
        public ArrayVariable<byte> Small = new();
        public ArrayVariable<double> Ratio = new();
        public ArrayVariable<ulong> Runs = new();

        protected override void Build()
        {
            Runs += 1;
            Signed.Set(Signed - 1);
            Small.Set(Small + 1);
            Ratio.Set(Ratio * 2);
            Exit(Input);
        }
    }

    [Fact]
    public void A_value_written_from_user_space_is_what_the_program_reads_and_the_programs_writes_are_read_back()
    {
        KernelRequirement.Require();
        using var program = new Copier();
        program.Load();
        program.Input.Value = 3;
        program.Signed.Value = -5;
        program.Small.Value = 254;
        program.Ratio.Value = 1.25;
        var result = program.TestRun(new byte[64], repeat: 1);
        Assert.Equal(3u, result.ReturnValue);
        Assert.Equal((short)-6, program.Signed.Value);
        Assert.Equal((byte)255, program.Small.Value);
        Assert.Equal(2.5, program.Ratio.Value);
        Assert.Equal(1UL, program.Runs.Value);

        program.TestRun(new byte[64], repeat: 7);
        Assert.Equal(8UL, program.Runs.Value);
        Assert.Equal((byte)6, program.Small.Value); // wraps at 256 in the map's one byte
        program.Runs += 2;
        Assert.Equal(10UL, program.Runs.Value);
    }

    [Fact]
    public void Reading_or_writing_after_the_program_is_disposed_throws_ObjectDisposedException()
    {
        KernelRequirement.Require();
        var program = new Copier();
        program.Load();
        program.Input.Value = 1; // mapped and cached before disposal
        _ = program.Runs.Value;
        program.Dispose();
        Assert.Throws<ObjectDisposedException>(() => program.Input.Value);
        Assert.Throws<ObjectDisposedException>(() => program.Input.Value = 2);
        Assert.Throws<ObjectDisposedException>(() => program.Runs += 1);
        // never read before disposal: the first access throws the same way
        Assert.Throws<ObjectDisposedException>(() => program.Ratio.Value);
    }

    [Fact]
    public async Task Disposing_while_other_threads_read_gives_them_the_value_or_ObjectDisposedException_and_never_a_fault()
    {
        KernelRequirement.Require();
        var cancel = TestContext.Current.CancellationToken;
        for (int round = 0; round < 20; round++)
        {
            var program = new Copier();
            program.Load();
            program.Runs.Value = 42;
            using var started = new CountdownEvent(2);
            var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                started.Signal();
                var seen = new HashSet<ulong>();
                try
                {
                    while (true) seen.Add(program.Runs.Value);
                }
                catch (ObjectDisposedException)
                {
                    return seen;
                }
            }, cancel)).ToArray();
            started.Wait(cancel);
            program.Dispose();
            foreach (var seen in await Task.WhenAll(readers))
                Assert.Subset(new HashSet<ulong> { 42, 0 }, seen); // 0: the placeholder page a racing read may see
        }
    }
}

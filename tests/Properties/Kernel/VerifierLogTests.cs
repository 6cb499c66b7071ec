using EbpfCat.Loader;
using Xunit;

namespace EbpfCat.Properties.Kernel;

public sealed class VerifierLogTests
{
    const string Rejection = """
        func#0 @0
        0: R1=ctx() R10=fp0
        0: (b7) r0 = 0                        ; R0_w=0
        1: (0f) r0 += r3
        R3 !read_ok
        processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0

        """;

    [Fact]
    public void The_summary_is_the_last_meaningful_lines_without_statistics()
    {
        var e = new VerifierException(Errno.EACCES, Rejection);
        Assert.Equal(string.Join(Environment.NewLine, "0: (b7) r0 = 0                        ; R0_w=0", "1: (0f) r0 += r3", "R3 !read_ok"), e.Summary);
        Assert.Equal(Rejection, e.Log);
    }

    [Fact]
    public void The_failing_instruction_is_the_last_one_the_verifier_printed()
    {
        var e = new VerifierException(Errno.EACCES, Rejection);
        Assert.Equal(1, e.InstructionIndex);
        Assert.Contains("at instruction 1", e.Message);
        Assert.Contains("R3 !read_ok", e.Message);
    }

    [Fact]
    public void A_log_without_instructions_has_no_index()
    {
        var e = new VerifierException(Errno.EINVAL, "last insn is not an exit or jmp\nprocessed 0 insns\n");
        Assert.Null(e.InstructionIndex);
        Assert.Equal("last insn is not an exit or jmp", e.Summary);
        Assert.Equal("EINVAL", e.ErrnoName);
    }
}

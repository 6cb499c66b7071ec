using Xunit;
namespace EbpfCat.Properties.AssemblerTests;

using EbpfCat.FSharp;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;

/// <summary>Labels, comments, blank lines and indentation in both dialects.</summary>
public sealed class LabelsAndLayoutTests
{
    [Fact]
    public void A_forward_jump_counts_the_two_slots_of_lddw()
    {
        var program = Assembler.Assemble("""
              if r1 == 0x0 goto skip
              r2 = 0x1 ll
            skip:
              exit
            """);

        Assert.Equal(JumpOperation.JEQ.Imm(R1, 0, 2), program[0]);
    }

    [Fact]
    public void A_backward_jump_is_negative()
    {
        var program = Assembler.Assemble("""
            loop:
              r1 -= 0x1
              if r1 != 0x0 goto loop
              exit
            """);

        Assert.Equal(JumpOperation.JNE.Imm(R1, 0, -2), program[1]);
    }

    [Fact]
    public void A_label_may_precede_an_instruction_on_its_line_and_several_labels_may_share_a_slot()
    {
        var program = Assembler.Assemble("""
            first: second:
            third: r0 = 0x0
              goto first
              goto second
              goto third
            """);

        Assert.Equal([Instruction.Goto(-2), Instruction.Goto(-3), Instruction.Goto(-4)], program[1..]);
    }

    [Fact]
    public void Gotol_a_local_call_and_a_func_load_put_the_distance_in_the_immediate()
    {
        var program = Assembler.Assemble("""
              gotol f
              call local f
              r1 = func(f) ll
            f:
              exit
            """);

        Assert.Equal(Instruction.GotoLong(3), program[0]);
        Assert.Equal(Instruction.CallLocal(2), program[1]);
        Assert.Equal(Instruction.LoadPseudo(R1, PseudoSource.Function, 1), program[2]);
    }

    [Fact]
    public void Comments_blank_lines_tabs_and_crlf_change_nothing()
    {
        var plain = Assembler.AssembleBytes("r0 = 0x0\nif r1 > 0x3 goto out\nr0 = 0x1\nout:\nexit\n");

        var decorated = Assembler.AssembleBytes(
            "; a comment\r\n\r\n\t  r0 = 0x0   // why\r\n  if r1 > 0x3 goto out # when\r\n\tr0 = 0x1;\r\n  \r\nout:   ; end\r\n\texit");

        Assert.Equal(plain, decorated);
    }

    [Fact]
    public void Slot_indices_before_instructions_are_skipped()
        => Assert.Equal(
            Assembler.AssembleBytes("r0 = 0x1 ll\nexit"),
            Assembler.AssembleBytes("   0: r0 = 0x1 ll\n   2: exit"));

    [Fact]
    public void Text_without_instructions_assembles_to_nothing()
        => Assert.Empty(Assembler.Assemble("\n  # nothing here\n\n"));

    [Fact]
    public void A_ubpf_jump_to_exit_goes_to_the_first_exit_when_no_label_is_called_exit()
    {
        var program = Assembler.AssembleUbpf("""
            jne %r0, 0, exit
            mov %r0, 1
            exit
            mov %r0, 2
            exit
            """);

        Assert.Equal(JumpOperation.JNE.Imm(R0, 0, 1), program[0]);
    }

    [Fact]
    public void A_ubpf_label_called_exit_wins_over_the_first_exit()
    {
        var program = Assembler.AssembleUbpf("""
            jne %r0, 0, exit
            exit
            exit:
            mov %r0, 2
            exit
            """);

        Assert.Equal(JumpOperation.JNE.Imm(R0, 0, 1), program[0]);
    }
}

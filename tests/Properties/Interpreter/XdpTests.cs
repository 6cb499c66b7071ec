using Xunit;
using EbpfCat.Interpreter;
using EbpfCat.Isa;
using static EbpfCat.Isa.Register;
using static EbpfCat.Properties.Interpreter.Asm;

namespace EbpfCat.Properties.Interpreter;

/// <summary>XDP runs: the xdp_md context, packet pointers, packet writes and bounds, like BPF_PROG_TEST_RUN.</summary>
public class XdpTests
{
    const int Drop = 1, Pass = 2;

    static byte[] Frame()
    {
        var frame = new byte[60];
        for (int i = 0; i < 6; i++) { frame[i] = 0xd0; frame[6 + i] = 0x50; }
        frame[12] = 0x08; // EtherType 0x0800, read little-endian as 8
        return frame;
    }

    /// <summary>r2 = data, r3 = data_end, as the kernel's context rewriting provides them.</summary>
    static readonly Instruction[] LoadPointers =
    [
        Instruction.Load(AccessSize.Word, R2, R1, 0),
        Instruction.Load(AccessSize.Word, R3, R1, 4),
    ];

    [Fact]
    public void A_guarded_packet_read_passes_ipv4_frames()
    {
        var interpreter = new BpfInterpreter(
        [
            .. LoadPointers,
            AluOperation.Mov.Reg(R4, R2),
            AluOperation.Add.Imm(R4, 14),
            AluOperation.Mov.Imm(R0, Drop),
            JumpOperation.JGT.Reg(R4, R3, 4),            // if data + 14 > data_end: drop
            Instruction.Load(AccessSize.Half, R5, R2, 12),
            JumpOperation.JNE.Imm(R5, 8, 2),
            AluOperation.Mov.Imm(R0, Pass),
            Instruction.Exit(),
            Instruction.Exit(),
        ]);
        Assert.Equal((ulong)Pass, interpreter.RunXdp(Frame()).ReturnValue);
        Assert.Equal((ulong)Drop, interpreter.RunXdp(new byte[10]).ReturnValue);
    }

    [Fact]
    public void Data_end_minus_data_is_the_packet_length_and_data_meta_equals_data()
    {
        var result = new BpfInterpreter(
        [
            .. LoadPointers,
            Instruction.Load(AccessSize.Word, R4, R1, 8),
            AluOperation.Mov.Reg(R0, R3),
            AluOperation.Sub.Reg(R0, R2),
            AluOperation.Sub.Reg(R4, R2),
            AluOperation.Add.Reg(R0, R4),
            Instruction.Exit(),
        ]).RunXdp(new byte[64]);
        Assert.Equal(64UL, result.ReturnValue);
    }

    [Fact]
    public void The_program_may_rewrite_the_packet_and_the_result_carries_it()
    {
        var frame = Frame();
        var result = new BpfInterpreter(
        [
            .. LoadPointers,
            // swap the first two bytes of the destination and source MAC
            Instruction.Load(AccessSize.Half, R4, R2, 0),
            Instruction.Load(AccessSize.Half, R5, R2, 6),
            Instruction.Store(AccessSize.Half, R2, 0, R5),
            Instruction.Store(AccessSize.Half, R2, 6, R4),
            AluOperation.Mov.Imm(R0, 3),
            Instruction.Exit(),
        ]).RunXdp(frame);
        Assert.Equal(3UL, result.ReturnValue);
        Assert.Equal(new byte[] { 0x50, 0x50, 0xd0, 0xd0 }, result.Memory![..4]);
        Assert.Equal(new byte[] { 0xd0, 0xd0, 0x50, 0x50 }, result.Memory![6..10]);
        Assert.Equal(0xd0, frame[0]); // the caller's packet is left alone
    }

    [Fact]
    public void Reading_past_data_end_faults_with_the_instruction_index()
    {
        var e = Assert.Throws<InterpreterException>(() => new BpfInterpreter(
        [
            .. LoadPointers,
            Instruction.Load(AccessSize.Word, R0, R2, 58),
            Instruction.Exit(),
        ]).RunXdp(Frame()));
        Assert.Equal(InterpreterFault.OutOfBounds, e.Fault);
        Assert.Equal(2, e.InstructionIndex);
        Assert.Contains("2 bytes past the end of it", e.Message);
        Assert.Contains("packet", e.Message);
    }

    [Fact]
    public void The_context_is_read_only()
    {
        var e = Assert.Throws<InterpreterException>(() => new BpfInterpreter(
            [Instruction.Store(AccessSize.Word, R1, 12, 5), Instruction.Exit()]).RunXdp(Frame()));
        Assert.Equal(InterpreterFault.ReadOnly, e.Fault);
    }

    [Fact]
    public void Narrow_loads_of_the_pointer_fields_fault_as_the_verifier_rejects_them()
    {
        var e = Assert.Throws<InterpreterException>(() => new BpfInterpreter(
            [Instruction.Load(AccessSize.Half, R0, R1, 0), Instruction.Exit()]).RunXdp(Frame()));
        Assert.Equal(InterpreterFault.OutOfBounds, e.Fault);
    }

    [Fact]
    public void The_plain_context_fields_hold_what_the_caller_gives()
    {
        var interpreter = new BpfInterpreter(
        [
            Instruction.Load(AccessSize.Word, R0, R1, 12),
            Instruction.Load(AccessSize.Word, R2, R1, 16),
            AluOperation.Lsh.Imm(R2, 8),
            AluOperation.Or.Reg(R0, R2),
            Instruction.Exit(),
        ]);
        Assert.Equal(0x0305UL, interpreter.RunXdp(Frame(), new XdpContextFields { IngressIfindex = 5, RxQueueIndex = 3 }).ReturnValue);
    }

    [Fact]
    public void Redirect_returns_XDP_REDIRECT_and_reports_the_interface()
    {
        var interpreter = new BpfInterpreter([AluOperation.Mov.Imm(R1, 7), AluOperation.Mov.Imm(R2, 0), Instruction.Call(23), Instruction.Exit()]);
        var result = interpreter.RunXdp(Frame());
        Assert.Equal(4UL, result.ReturnValue);
        Assert.Equal(7, result.RedirectIfindex);
    }
}

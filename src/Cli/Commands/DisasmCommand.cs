using System.CommandLine;
using EbpfCat.Isa;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat disasm FILE [--section NAME] [--offsets]</c>: raw bytecode or a program of an ELF object to text in llvm-objdump syntax.</summary>
internal static class DisasmCommand
{
    public static Command Create()
    {
        var program = ProgramFileOptions.WithoutType();
        var offsets = new Option<bool>("--offsets") { Description = "Prefix each instruction with the index of its first slot." };
        var command = new Command("disasm", """
            Disassemble raw eBPF bytecode or a program of an ELF object, one instruction per line, in the syntax of llvm-objdump-19.

            Example:
              ebpfcat disasm prog.bin --offsets
              ebpfcat disasm prog.o --section xdp
            """);
        program.AddTo(command);
        command.Options.Add(offsets);
        command.SetGuardedAction((parsed, output) =>
        {
            var file = program.Read(parsed);
            var text = Disassembler.Disassemble(file.Instructions, new DisassemblyOptions { ShowSlotIndices = parsed.GetValue(offsets) });
            if (text.Length > 0) output.WriteLine(text);
            return EbpfCatCli.Ok;
        });
        return command;
    }
}

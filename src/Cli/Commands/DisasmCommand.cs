using System.CommandLine;
using EbpfCat.Isa;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat disasm FILE [--offsets]</c>: raw bytecode to text in llvm-objdump syntax.</summary>
internal static class DisasmCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Raw eBPF bytecode: 8 bytes per instruction slot, little endian." };
        var offsets = new Option<bool>("--offsets") { Description = "Prefix each instruction with the index of its first slot." };
        var section = new Option<string?>("--section") { Description = "For an ELF object: the program (function or section name) to show; default the only one." };
        var command = new Command("disasm", """
            Disassemble raw eBPF bytecode, one instruction per line, in the syntax of llvm-objdump-19.

            Example:
              ebpfcat disasm prog.bin --offsets
              ebpfcat disasm prog.o --section xdp
            """)
        {
            file,
            offsets,
            section,
        };
        command.SetGuardedAction((parsed, output) =>
        {
            var path = parsed.GetRequiredValue(file);
            Instruction[] program;
            try
            {
                var bytes = CommandAction.ReadAllBytes(path);
                program = Elf.ElfObjectReader.IsElf(bytes)
                    ? ProgramOf(Elf.ElfObjectReader.Read(bytes, path.Name), parsed.GetValue(section), path.Name)
                    : InstructionEncoding.Decode(bytes);
            }
            catch (InvalidInstructionException e)
            {
                throw new BytecodeFileException(path.Name, e);
            }
            var text = Disassembler.Disassemble(program, new DisassemblyOptions { ShowSlotIndices = parsed.GetValue(offsets) });
            if (text.Length > 0) output.WriteLine(text);
            return EbpfCatCli.Ok;
        });
        return command;
    }

    static Instruction[] ProgramOf(Elf.BpfObjectFile file, string? name, string fileName)
        => name is null
            ? file.Programs.Count == 1 ? [.. file.Programs[0].Instructions] : throw new Elf.ElfFormatException(fileName, $"give --section: it has {file.Describe()}")
            : [.. file.Find(name).Instructions];
}

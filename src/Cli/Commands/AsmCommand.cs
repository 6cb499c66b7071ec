using System.CommandLine;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat asm FILE -o OUT</c>: text in llvm-objdump syntax to raw bytecode, or to a BPF ELF object when OUT ends in <c>.o</c>.</summary>
internal static class AsmCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Assembly text in llvm-objdump syntax, with labels and comments." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the bytecode; a name ending in .o gets a BPF ELF object (for bpftool, ip link, libbpf).", Required = true };
        var section = new Option<string>("--section") { Description = "For an ELF object: the program's section, which names its type (xdp, tc, socket, ...).", DefaultValueFactory = _ => "xdp" };
        section.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>())) result.AddError("--section needs a section name, e.g. xdp");
        });
        var license = new Option<string>("--license") { Description = "For an ELF object: the license the kernel checks helpers against.", DefaultValueFactory = _ => "GPL" };
        var command = new Command("asm", """
            Assemble eBPF text (the syntax llvm-objdump-19 prints, plus labels and comments) to raw bytecode.

            Example:
              ebpfcat asm prog.s -o prog.bin
              ebpfcat asm prog.s -o prog.o --section xdp
            """)
        {
            file,
            output,
            section,
            license,
        };
        command.SetGuardedAction((parsed, _) =>
        {
            var source = parsed.GetRequiredValue(file);
            if (!source.Exists) throw new FileNotFoundException($"{source.FullName}: no such file");
            var target = parsed.GetRequiredValue(output);
            var text = File.ReadAllText(source.FullName);
            byte[] bytes;
            if (target.Extension == ".o")
            {
                var instructions = EbpfCat.FSharp.Assembler.Assemble(text, source.Name);
                try
                {
                    var name = Path.GetFileNameWithoutExtension(source.Name);
                    bytes = Elf.ElfObjectWriter.Write(Elf.BpfObjectFile.FromInstructions(name, instructions, parsed.GetRequiredValue(section), parsed.GetRequiredValue(license)));
                }
                catch (Isa.InvalidInstructionException e)
                {
                    throw new BytecodeFileException(source.Name, e);
                }
            }
            else bytes = EbpfCat.FSharp.Assembler.AssembleBytes(text, source.Name);
            File.WriteAllBytes(target.FullName, bytes);
            return EbpfCatCli.Ok;
        });
        return command;
    }
}

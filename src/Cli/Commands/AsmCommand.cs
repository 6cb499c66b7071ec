using System.CommandLine;

namespace EbpfCat.Cli.Commands;

/// <summary><c>ebpfcat asm FILE -o OUT</c>: text in llvm-objdump syntax to raw bytecode.</summary>
internal static class AsmCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Assembly text in llvm-objdump syntax, with labels and comments." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the bytecode.", Required = true };
        var command = new Command("asm", """
            Assemble eBPF text (the syntax llvm-objdump-19 prints, plus labels and comments) to raw bytecode.

            Example:
              ebpfcat asm prog.s -o prog.bin
            """)
        {
            file,
            output,
        };
        command.SetGuardedAction((parsed, _) =>
        {
            var source = parsed.GetRequiredValue(file);
            if (!source.Exists) throw new FileNotFoundException($"{source.FullName}: no such file");
            var bytes = EbpfCat.FSharp.Assembler.AssembleBytes(File.ReadAllText(source.FullName), source.Name);
            File.WriteAllBytes(parsed.GetRequiredValue(output).FullName, bytes);
            return EbpfCatCli.Ok;
        });
        return command;
    }
}

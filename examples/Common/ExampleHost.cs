using System.CommandLine;
using System.Text.Json;
using EbpfCat.Backend.Llvm;
using EbpfCat.Builder;
using EbpfCat.Elf;
using EbpfCat.Emit;
using EbpfCat.Isa;
using EbpfCat.Netlink;
using EbpfCat.Passes;
using EbpfCat.Xdp;

namespace EbpfCat.Examples;

/// <summary>The command line every example shares: with no arguments a demo on a veth pair in a private
/// network namespace; <c>--interface NAME</c> to count on a real interface until Ctrl+C; <c>--dump</c> for
/// the program's disassembly; <c>--test-run</c> for one run on a sample packet, as JSON; <c>--elf FILE</c> to write
/// the program with its maps as a BPF ELF object (for bpftool or <c>ip link set dev DEV xdp obj FILE sec xdp</c>).</summary>
public static class ExampleHost
{
    public static int Run<TProgram>(string[] args, Example<TProgram> example) where TProgram : XdpProgram
    {
        var interfaceName = new Option<string?>("--interface") { Description = "Attach to this existing interface and count until Ctrl+C." };
        var dump = new Option<bool>("--dump") { Description = "Print the program's disassembly (llvm-objdump syntax) and exit." };
        var testRun = new Option<bool>("--test-run") { Description = "Run the program once on a sample packet (BPF_PROG_TEST_RUN) and print the return value and every map variable as JSON." };
        var elf = new Option<FileInfo?>("--elf") { Description = "Write the program with its maps as a BPF ELF object (section xdp) to this file and exit; load it with bpftool or ip link set dev DEV xdp obj FILE sec xdp." };
        var backend = new Option<string>("--backend") { Description = "The back end that compiles the program: direct (default) or llvm (LLVM's BPF target; needs the package libllvm19).", DefaultValueFactory = _ => "direct" };
        backend.AcceptOnlyFromAmong("direct", "llvm");
        var rounds = new Option<int>("--rounds") { Description = "Demo: how many rounds of frames to send (default 10).", DefaultValueFactory = _ => 10 };
        var root = new RootCommand($"{example.Name}: an EbpfCat XDP example. With no options: a demo on a veth pair in a private network namespace.")
        {
            interfaceName, dump, testRun, elf, rounds, backend,
        };
        root.SetAction(async (parsed, cancel) =>
        {
            using var program = example.Create();
            try
            {
                var options = CompilerOptions.Default with { CodeGenerator = parsed.GetValue(backend) == "llvm" ? LlvmCodeGenerator.Instance : DirectCodeGenerator.Instance };
                if (parsed.GetValue(dump)) return Dump(program, options);
                if (parsed.GetValue(elf) is { } file) return WriteElf(program, options, file);
                program.Load(options);
                if (parsed.GetValue(testRun)) return TestRun(program, example);
                if (parsed.GetValue(interfaceName) is { } name) return await CountOn(program, example, name, cancel);
                return await Demo(program, example, parsed.GetValue(rounds), cancel);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("interrupted; detached and cleaned up");
                return 130;
            }
            catch (Exception e) when (e is EbpfCatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{example.Name}: {e.Message}");
                return 1;
            }
        });
        return root.Parse(args).Invoke();
    }

    static int Dump(XdpProgram program, CompilerOptions options)
    {
        Console.WriteLine(Disassembler.Disassemble(program.Compile(options).Instructions));
        return 0;
    }

    static int WriteElf(XdpProgram program, CompilerOptions options, FileInfo file)
    {
        var contents = BpfObjectFile.FromCompiled(program.Compile(options));
        File.WriteAllBytes(file.FullName, ElfObjectWriter.Write(contents));
        var maps = contents.Maps.Count == 0 ? "no maps" : "maps " + string.Join(", ", contents.Maps.Select(m => m.Name));
        Console.WriteLine($"wrote {file.FullName}: {contents.Describe()}, {maps}");
        return 0;
    }

    static int TestRun<TProgram>(TProgram program, Example<TProgram> example) where TProgram : XdpProgram
    {
        var result = program.TestRun(example.DemoFrames[0].Frame);
        using var json = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("retval", result.ReturnValue);
        json.WriteStartObject("variables");
        foreach (var (kind, counted) in example.Counters(program)) json.WriteNumber(kind, counted());
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        Console.WriteLine();
        return 0;
    }

    static async Task<int> CountOn<TProgram>(TProgram program, Example<TProgram> example, string name, CancellationToken cancel) where TProgram : XdpProgram
    {
        await using var attachment = await program.AttachAsync(name, cancellationToken: cancel);
        Console.WriteLine($"attached to {name} ({attachment.Mode} mode, {attachment.Method}); Ctrl+C to detach and stop");
        try
        {
            while (true)
            {
                await Task.Delay(1000, cancel);
                Console.WriteLine($"packets arrived so far: {Total(program, example)}");
            }
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"counted {Total(program, example)}; detached from {name}");
            return 0;
        }
    }

    static async Task<int> Demo<TProgram>(TProgram program, Example<TProgram> example, int rounds, CancellationToken cancel) where TProgram : XdpProgram
    {
        using var network = VethNetwork.Create("ebpfcat-demo");
        Console.WriteLine($"made network namespace {network.Namespace} with {network.First} <-> {network.Second}");
        await using var attachment = await program.AttachAsync(network.First,
            new XdpAttachOptions { Mode = XdpAttachMode.Generic, NetworkNamespace = network.Namespace }, cancel);
        Console.WriteLine($"attached {example.Name} to {network.First} ({attachment.Mode} mode, {attachment.Method})");
        using var sender = PacketSender.Open(network.Second, network.Namespace);
        var sent = new Dictionary<string, ulong>();
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var (kind, frame) in example.DemoFrames)
            {
                sender.Send(frame, round);
                sent[kind] = sent.GetValueOrDefault(kind) + (ulong)round;
            }
            await Task.Delay(100, cancel);
            Console.WriteLine($"packets arrived so far: {Total(program, example)}");
        }
        // generic XDP runs as the frame is received: give the last ones a moment to arrive
        ulong total = 0, expected = sent.Values.Aggregate(0UL, (a, b) => a + b);
        for (int wait = 0; wait < 50 && (total = Total(program, example)) < expected; wait++) await Task.Delay(20, cancel);
        var counters = example.Counters(program);
        foreach (var (kind, count) in sent.Where(s => !counters.Any(c => c.Kind == s.Key)))
            Console.WriteLine($"{kind} frames: sent {count}");
        foreach (var (kind, counted) in counters)
            Console.WriteLine(sent.TryGetValue(kind, out var count) ? $"{kind}: sent {count}, counted {counted()}" : $"{kind}: counted {counted()}");
        Console.WriteLine($"sent {expected}, counted {total}");
        return total == expected ? 0 : 1;
    }

    static ulong Total<TProgram>(TProgram program, Example<TProgram> example) where TProgram : XdpProgram
        => example.Counters(program).Aggregate(0UL, (sum, c) => sum + c.Counted());
}

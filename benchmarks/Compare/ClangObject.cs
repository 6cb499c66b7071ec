using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using EbpfCat.Isa;
using EbpfCat.Loader;

namespace EbpfCat.Benchmarks.Compare;

/// <summary>One global-variable section (.bss, .data) of a clang object: its size and initial bytes.</summary>
public sealed record GlobalSection(string Name, byte[] Initial);

/// <summary>An XDP program compiled by clang-19: its instructions, the relocations of its global-variable loads
/// (pointing into <see cref="Globals"/>), and the sections that become array maps.</summary>
/// <remarks>The ELF reading here is deliberately minimal and local to the benchmark: one code section, ELF64
/// little endian, SHT_REL relocations of type R_BPF_64_64 against .bss/.data/.rodata symbols. A general reader
/// belongs in src/Core.CSharp/Elf (another issue).</remarks>
public sealed record ClangObject(Instruction[] Instructions, IReadOnlyList<MapRelocation> Relocations, IReadOnlyList<GlobalSection> Globals)
{
    const uint SectionRel = 9, SectionNoBits = 8;
    const uint RelocationBpf64 = 1;

    /// <summary>Runs <c>clang-19 -O2 -target bpf -mcpu=<paramref name="cpu"/></c> on <paramref name="source"/> and reads the result.</summary>
    public static ClangObject Compile(string source, string cpu, string outputDirectory)
    {
        string output = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(source) + ".o");
        var start = new ProcessStartInfo("clang-19") { RedirectStandardError = true };
        foreach (var a in new[] { "-O2", "-target", "bpf", $"-mcpu={cpu}", "-I/usr/include/x86_64-linux-gnu", "-c", source, "-o", output })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("clang-19 did not start");
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"clang-19 failed on {source}:\n{errors}");
        return Read(File.ReadAllBytes(output), "xdp");
    }

    /// <summary>Reads the code section <paramref name="codeSection"/> and its global-variable relocations.</summary>
    public static ClangObject Read(byte[] elf, string codeSection)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        var span = elf.AsSpan();
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(span[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3a..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3c..]);
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3e..]);
        var sections = new SectionHeader[shnum];
        for (int i = 0; i < shnum; i++) sections[i] = Header(span[(int)(shoff + i * shentsize)..]);
        string Name(int index) => CString(elf, sections[shstrndx].Offset + sections[index].NameOffset);

        int code = Enumerable.Range(0, shnum).FirstOrDefault(i => Name(i) == codeSection, -1);
        if (code < 0) throw new InvalidDataException($"no section '{codeSection}'");
        var bytes = span.Slice((int)sections[code].Offset, (int)sections[code].Size);
        var instructions = InstructionEncoding.Decode(bytes);
        var slotToIndex = new Dictionary<int, int>();
        for (int i = 0, slot = 0; i < instructions.Length; slot += instructions[i].Slots, i++) slotToIndex[slot] = i;

        var globals = new List<GlobalSection>();
        var globalIndex = new Dictionary<int, int>();
        int GlobalOf(int section)
        {
            if (globalIndex.TryGetValue(section, out int g)) return g;
            var s = sections[section];
            byte[] initial = s.Type == SectionNoBits ? new byte[s.Size] : elf.AsSpan((int)s.Offset, (int)s.Size).ToArray();
            globals.Add(new GlobalSection(Name(section), initial));
            return globalIndex[section] = globals.Count - 1;
        }

        var relocations = new List<MapRelocation>();
        for (int r = 0; r < shnum; r++)
        {
            if (sections[r].Type != SectionRel || sections[r].Info != code) continue;
            var symbols = sections[(int)sections[r].Link];
            for (long e = 0; e < sections[r].Size; e += 16)
            {
                var entry = span[(int)(sections[r].Offset + e)..];
                long offset = BinaryPrimitives.ReadInt64LittleEndian(entry);
                ulong info = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
                if ((uint)info != RelocationBpf64) throw new InvalidDataException($"relocation type {(uint)info} at byte {offset} is not R_BPF_64_64");
                var symbol = span[(int)(symbols.Offset + (long)(info >> 32) * 24)..];
                int shndx = BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]);
                long value = BinaryPrimitives.ReadInt64LittleEndian(symbol[8..]);
                int index = slotToIndex[(int)(offset / 8)];
                var lddw = instructions[index];
                // Variable symbols carry their offset in the section; section symbols leave it in the immediate.
                int within = checked((int)(value + lddw.Imm32));
                instructions[index] = Instruction.LoadMapValue(lddw.Destination, 0, within);
                relocations.Add(new MapRelocation(index, GlobalOf(shndx)));
            }
        }
        return new ClangObject(instructions, relocations, globals);
    }

    readonly record struct SectionHeader(uint NameOffset, uint Type, long Offset, long Size, uint Link, uint Info);

    static SectionHeader Header(ReadOnlySpan<byte> h) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(h), BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
        BinaryPrimitives.ReadInt64LittleEndian(h[24..]), BinaryPrimitives.ReadInt64LittleEndian(h[32..]),
        BinaryPrimitives.ReadUInt32LittleEndian(h[40..]), BinaryPrimitives.ReadUInt32LittleEndian(h[44..]));

    static string CString(byte[] elf, long at)
    {
        int end = Array.IndexOf(elf, (byte)0, (int)at);
        return Encoding.ASCII.GetString(elf, (int)at, end - (int)at);
    }
}

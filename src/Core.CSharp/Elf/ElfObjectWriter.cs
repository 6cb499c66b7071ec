using System.Buffers.Binary;
using System.Text;
using EbpfCat.Isa;

namespace EbpfCat.Elf;

/// <summary>Writes a <see cref="BpfObjectFile"/> as a relocatable ELF64 object for the BPF machine, in the form libbpf
/// (bpftool, <c>ip link set dev X xdp obj FILE sec NAME</c>) loads: one code section per program section with a
/// function symbol per program, <c>.rel</c> sections for map loads, BTF-defined maps in <c>.maps</c> described in
/// <c>.BTF</c>, global data in <c>.data.NAME</c> sections and the <c>license</c> section.</summary>
/// <example><code>File.WriteAllBytes("count.o", ElfObjectWriter.Write(BpfObjectFile.FromCompiled(Compiler.Compile(program))));</code></example>
public static class ElfObjectWriter
{
    const ushort MachineBpf = 247;
    const uint ProgBits = 1, SymTab = 2, StrTab = 3, Rel = 9, NoBits = 8;
    const ulong Writable = 1, Alloc = 2, Exec = 4;
    const uint R_BPF_64_64 = 1;

    sealed record Section(string Name, uint Type, ulong Flags, byte[] Data, int Link = 0, int Info = 0, ulong Align = 1, ulong EntrySize = 0);
    sealed record Symbol(string Name, byte Info, int Section, ulong Value, ulong Size);

    /// <summary>The object's bytes.</summary>
    /// <exception cref="ArgumentException">A relocation names a map that does not exist or an instruction that is not a map load.</exception>
    public static byte[] Write(BpfObjectFile file)
    {
        var sections = new List<Section> { new("", 0, 0, []) };
        var strings = new StringTable();
        var locals = new List<Symbol>();
        var globals = new List<Symbol>();
        const int strtabIndex = 1, symtabIndex = 2;
        sections.Add(new(".strtab", StrTab, 0, []));   // filled last
        sections.Add(new(".symtab", SymTab, 0, [], Link: strtabIndex, Align: 8, EntrySize: 24));

        // maps first, so code relocations can name their symbols
        var mapSymbol = new int[file.Maps.Count];
        var mapSection = new int[file.Maps.Count];
        var btf = new BtfBuilder();
        var btfMaps = new List<(string Name, int Offset, int Size, int Var)>();
        var dataVariables = new List<Symbol>();
        int mapsOffset = 0;
        for (int m = 0; m < file.Maps.Count; m++)
        {
            var map = file.Maps[m];
            if (map.Storage == BpfObjectMapStorage.GlobalData)
            {
                if (!map.Name.StartsWith('.')) throw new ArgumentException($"global data map '{map.Name}' must be named after its section (.data.NAME, .bss, .rodata)", nameof(file));
                var isBss = map.Name.StartsWith(".bss", StringComparison.Ordinal);
                mapSection[m] = sections.Count;
                sections.Add(new(map.Name, isBss ? NoBits : ProgBits, Alloc | (map.IsReadOnly ? 0 : Writable),
                    isBss ? new byte[map.InitialValue.Length] : map.InitialValue, Align: 8));
                mapSymbol[m] = -1;
                locals.Add(new("", SymbolInfo(0, 3), mapSection[m], 0, 0));   // STT_SECTION, the relocations' target
                mapSymbol[m] = locals.Count;   // index fixed below (null symbol first)
                // libbpf (1.1 at least, as in iproute2) finds each BTF variable of a data section by an ELF symbol of its name
                var variable = map.Name.TrimStart('.').Replace('.', '_');
                btf.DataSection(map.Name, variable, map.InitialValue.Length);
                dataVariables.Add(new(variable, SymbolInfo(1, 1), mapSection[m], 0, (ulong)map.InitialValue.Length));   // STB_GLOBAL, STT_OBJECT
            }
            else
            {
                var d = map.Definition;
                var var = btf.MapVariable(map.Name, (int)d.Type, d.KeySize, d.ValueSize, d.MaxEntries, (uint)d.Flags, out int size);
                btfMaps.Add((map.Name, mapsOffset, size, var));
                mapSymbol[m] = -2 - globals.Count;
                globals.Add(new(map.Name, SymbolInfo(1, 1), 0, (ulong)mapsOffset, (ulong)size));   // section fixed below
                mapsOffset += size;
            }
        }
        int mapsSectionIndex = 0;
        if (btfMaps.Count > 0)
        {
            mapsSectionIndex = sections.Count;
            sections.Add(new(".maps", ProgBits, Alloc | Writable, new byte[mapsOffset], Align: 8));
            btf.Datasec(".maps", mapsOffset, btfMaps.Select(v => (v.Var, v.Offset, v.Size)).ToList());
            for (int g = 0; g < globals.Count; g++) globals[g] = globals[g] with { Section = mapsSectionIndex };
        }
        globals.AddRange(dataVariables);   // after the map symbols, whose indices are already in use

        // code: one section per distinct section name, programs one after another, each a global function
        var relocationsBySection = new List<(int Section, byte[] Rel)>();
        foreach (var group in file.Programs.GroupBy(p => p.Section))
        {
            var code = new List<byte>();
            var rel = new List<byte>();
            int codeIndex = sections.Count;
            foreach (var program in group)
            {
                int start = code.Count;
                var slotOffsets = SlotOffsets(program.Instructions.Items.AsSpan());
                code.AddRange(InstructionEncoding.Encode(ElfForm(program)));
                globals.Add(new(program.Name, SymbolInfo(1, 2), codeIndex, (ulong)start, (ulong)(code.Count - start)));
                foreach (var (index, map) in program.Relocations)
                {
                    if ((uint)map >= (uint)file.Maps.Count) throw new ArgumentException($"program {program.Name}: relocation of instruction {index} names map {map}; there are {file.Maps.Count}", nameof(file));
                    var entry = new byte[16];
                    BinaryPrimitives.WriteUInt64LittleEndian(entry, (ulong)(start + slotOffsets[index] * 8));
                    BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), ((ulong)(uint)mapSymbol[map] << 32) | R_BPF_64_64);   // symbol index patched below
                    rel.AddRange(entry);
                }
            }
            sections.Add(new(group.Key, ProgBits, Alloc | Exec, [.. code], Align: 8));
            if (rel.Count > 0) relocationsBySection.Add((codeIndex, [.. rel]));
        }
        var license = Encoding.ASCII.GetBytes(file.License + "\0");
        int licenseIndex = sections.Count;
        sections.Add(new("license", ProgBits, Alloc | Writable, license));
        globals.Add(new("_license", SymbolInfo(1, 1), licenseIndex, 0, (ulong)license.Length));

        // symbol indices: null, locals, globals
        int SymbolIndex(int encoded) => encoded >= 0 ? encoded : 1 + locals.Count + (-2 - encoded);
        foreach (var (codeIndex, rel) in relocationsBySection)
        {
            for (int at = 0; at < rel.Length; at += 16)
            {
                var info = BinaryPrimitives.ReadUInt64LittleEndian(rel.AsSpan(at + 8));
                var symbol = SymbolIndex((int)(uint)(info >> 32));
                BinaryPrimitives.WriteUInt64LittleEndian(rel.AsSpan(at + 8), ((ulong)(uint)symbol << 32) | (info & 0xffff_ffff));
            }
            sections.Add(new(".rel" + sections[codeIndex].Name, Rel, 0, rel, Link: symtabIndex, Info: codeIndex, Align: 8, EntrySize: 16));
        }
        sections.Add(new(".BTF", ProgBits, 0, btf.Encode(), Align: 4));

        var symtab = new List<byte>(new byte[24]);
        foreach (var s in locals.Concat(globals)) symtab.AddRange(EncodeSymbol(s, strings.Add(s.Name)));
        sections[symtabIndex] = sections[symtabIndex] with { Data = [.. symtab], Info = 1 + locals.Count };
        foreach (var s in sections) strings.Add(s.Name);
        sections[strtabIndex] = sections[strtabIndex] with { Data = strings.Encode() };
        return Layout(sections, strings, strtabIndex);
    }

    /// <summary>Map loads as libbpf expects them in an object: no pseudo source, no fd; a value load keeps its offset in the first immediate.</summary>
    static Instruction[] ElfForm(BpfObjectProgram program)
    {
        var code = program.Instructions.Items.ToArray();
        foreach (var (index, _) in program.Relocations)
        {
            var i = code[index];
            if (!i.IsWide) throw new ArgumentException($"program {program.Name}: instruction {index} '{Disassembler.Format(i)}' is not a map load", nameof(program));
            long offset = i.PseudoSource is PseudoSource.MapValue or PseudoSource.MapIndexValue ? (uint)(i.Immediate >> 32) : 0;
            code[index] = Instruction.LoadImm64(i.Destination, offset);
        }
        return code;
    }

    static int[] SlotOffsets(ReadOnlySpan<Instruction> instructions)
    {
        var offsets = new int[instructions.Length];
        int slot = 0;
        for (int i = 0; i < instructions.Length; i++) { offsets[i] = slot; slot += instructions[i].Slots; }
        return offsets;
    }

    static byte SymbolInfo(int binding, int type) => (byte)((binding << 4) | type);

    static byte[] EncodeSymbol(Symbol s, int name)
    {
        var bytes = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)name);
        bytes[4] = s.Info;
        bytes[5] = 0;   // default visibility
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)s.Section);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), s.Value);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), s.Size);
        return bytes;
    }

    static byte[] Layout(List<Section> sections, StringTable strings, int strtabIndex)
    {
        const int headerSize = 64, sectionHeaderSize = 64;
        var body = new List<byte>(new byte[headerSize]);
        var offsets = new ulong[sections.Count];
        for (int i = 1; i < sections.Count; i++)
        {
            var s = sections[i];
            while (body.Count % (int)Math.Max(s.Align, 1) != 0) body.Add(0);
            offsets[i] = (ulong)body.Count;
            if (s.Type != NoBits) body.AddRange(s.Data);
        }
        while (body.Count % 8 != 0) body.Add(0);
        var sectionHeaders = body.Count;
        foreach (var (s, i) in sections.Select((s, i) => (s, i)))
        {
            var h = new byte[sectionHeaderSize];
            if (i > 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)strings.Add(s.Name));
                BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), s.Type);
                BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(8), s.Flags);
                BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(24), offsets[i]);
                BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(32), (ulong)s.Data.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(40), (uint)s.Link);
                BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(44), (uint)s.Info);
                BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(48), s.Align);
                BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(56), s.EntrySize);
            }
            body.AddRange(h);
        }
        var bytes = body.ToArray();
        // ELF64, little endian, version 1, System V ABI; ET_REL for EM_BPF
        "\x7f"u8.CopyTo(bytes);
        "ELF"u8.CopyTo(bytes.AsSpan(1));
        bytes[4] = 2; bytes[5] = 1; bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(18), MachineBpf);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(40), (ulong)sectionHeaders);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(52), headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(58), sectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(60), (ushort)sections.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(62), (ushort)strtabIndex);
        return bytes;
    }

    /// <summary>A string table: offset 0 is the empty string; each name once.</summary>
    sealed class StringTable
    {
        readonly List<byte> bytes = [0];
        readonly Dictionary<string, int> offsets = new() { [""] = 0 };

        public int Add(string name)
        {
            if (offsets.TryGetValue(name, out var at)) return at;
            at = bytes.Count;
            bytes.AddRange(Encoding.UTF8.GetBytes(name));
            bytes.Add(0);
            offsets[name] = at;
            return at;
        }

        public byte[] Encode() => [.. bytes];
    }
}

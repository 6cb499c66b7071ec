using System.Buffers.Binary;
using System.Text;
using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Maps;

namespace EbpfCat.Elf;

/// <summary>Reads a relocatable BPF ELF object (as clang <c>-target bpf</c> or <see cref="ElfObjectWriter"/> writes it) into a
/// <see cref="BpfObjectFile"/>, without libbpf: programs are the function symbols of executable sections other than
/// <c>.text</c>; maps come from the BTF <c>.maps</c> section, the legacy <c>maps</c> section and the global data sections
/// (<c>.data</c>, <c>.bss</c>, <c>.rodata</c> and their <c>.NAME</c> variants); relocations become map loads, and every
/// bpf-to-bpf callee is appended to its caller.</summary>
/// <example><code>BpfObjectFile file = ElfObjectReader.Read(File.ReadAllBytes("prog.o"), "prog.o");</code></example>
public static class ElfObjectReader
{
    const ushort MachineBpf = 247;
    const uint ProgBits = 1, SymTab = 2, Rel = 9, NoBits = 8;
    const ulong Exec = 4;
    const int SttFunc = 2, SttSection = 3;

    sealed record Section(int Index, string Name, uint Type, ulong Flags, long Offset, long Size, int Link, int Info);
    sealed record Symbol(string Name, int Type, int Binding, int Section, long Value, long Size);

    /// <summary>True when <paramref name="bytes"/> start like an ELF file.</summary>
    public static bool IsElf(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[0] == 0x7f && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    /// <summary>Reads the object.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="file">The file's name, for messages.</param>
    /// <exception cref="ElfFormatException">Not a little-endian ELF64 BPF object, or a part of it cannot be understood.</exception>
    public static BpfObjectFile Read(byte[] bytes, string file) => new Reader(bytes, file).Read();

    sealed class Reader(byte[] bytes, string file)
    {
        List<Section> sections = [];
        List<Symbol> symbols = [];
        readonly List<BpfObjectMap> maps = [];
        // (section index, offset in section) of each map, to resolve relocation targets
        readonly Dictionary<(int Section, long Offset), int> mapAt = [];
        readonly Dictionary<int, int> dataMapOfSection = [];

        ElfFormatException Error(string message) => new(file, message);

        public BpfObjectFile Read()
        {
            if (!IsElf(bytes)) throw Error("not an ELF file");
            if (bytes.Length < 64 || bytes[4] != 2 || bytes[5] != 1) throw Error("not a little-endian 64-bit ELF object (BPF objects are ELF64, little endian)");
            if (U16(18) != MachineBpf) throw Error($"machine {U16(18)} is not BPF (247); compile with -target bpf");
            long shoff = (long)U64(40);
            int shentsize = U16(58), shnum = U16(60), shstrndx = U16(62);
            if (shoff <= 0 || shoff + (long)shnum * shentsize > bytes.Length) throw Error("section headers lie outside the file");
            var raw = Enumerable.Range(0, shnum).Select(i =>
            {
                long h = shoff + (long)i * shentsize;
                return (Name: (int)U32(h), Type: U32(h + 4), Flags: U64(h + 8), Offset: (long)U64(h + 24), Size: (long)U64(h + 32), Link: (int)U32(h + 40), Info: (int)U32(h + 44));
            }).ToList();
            if (shstrndx >= shnum) throw Error("no section name table");
            var names = raw[shstrndx];
            sections = raw.Select((s, i) =>
            {
                if (s.Type != NoBits && s.Size > 0 && (s.Offset < 0 || s.Offset + s.Size > bytes.Length)) throw Error($"section {i} lies outside the file");
                return new Section(i, CString(names.Offset + s.Name), s.Type, s.Flags, s.Offset, s.Size, s.Link, s.Info);
            }).ToList();
            var symtab = sections.FirstOrDefault(s => s.Type == SymTab) ?? throw Error("no symbol table (.symtab)");
            var strtab = sections[symtab.Link];
            symbols = Enumerable.Range(0, (int)(symtab.Size / 24)).Select(i =>
            {
                long at = symtab.Offset + i * 24L;
                byte info = bytes[at + 4];
                return new Symbol(CString(strtab.Offset + U32(at)), info & 0xf, info >> 4, U16(at + 6), (long)U64(at + 8), (long)U64(at + 16));
            }).ToList();

            var license = sections.FirstOrDefault(s => s.Name == "license") is { } l ? CString(l.Offset) : "";
            ReadBtfMaps();
            ReadLegacyMaps();
            ReadGlobalData();
            var programs = new List<BpfObjectProgram>();
            foreach (var code in sections.Where(s => (s.Flags & Exec) != 0 && s.Type == ProgBits && s.Size > 0 && s.Name != ".text"))
            {
                var functions = symbols.Where(y => y.Section == code.Index && y.Type == SttFunc).OrderBy(y => y.Value).ToList();
                if (functions.Count == 0) functions = [new Symbol(code.Name.Replace('/', '_'), SttFunc, 1, code.Index, 0, code.Size)];
                foreach (var function in functions) programs.Add(Link(code, function));
            }
            return new BpfObjectFile(license, new([.. programs]), new([.. maps]));
        }

        // ---- maps

        void ReadBtfMaps()
        {
            var section = sections.FirstOrDefault(s => s.Name == ".maps");
            if (section is null) return;
            var btfSection = sections.FirstOrDefault(s => s.Name == ".BTF") ?? throw Error(".maps needs BTF to describe its maps, and there is no .BTF section (compile with -g)");
            var btf = new BtfReader(bytes.AsSpan((int)btfSection.Offset, (int)btfSection.Size).ToArray(), m => Error($".BTF: {m}"));
            var datasec = btf.FindDatasec(".maps") ?? throw Error(".BTF has no DATASEC for .maps");
            foreach (var (var, _, _) in btf.DatasecVariables(datasec))
            {
                var (name, structure) = btf.Variable(var);
                var definition = btf.MapDefinition(structure, name);
                var symbol = symbols.FirstOrDefault(y => y.Section == section.Index && y.Name == name) ?? throw Error($"map '{name}' in .maps has no symbol");
                mapAt[(section.Index, symbol.Value)] = maps.Count;
                maps.Add(new BpfObjectMap(name, definition with { Name = name }, BpfObjectMapStorage.BtfDefinition, []));
            }
        }

        void ReadLegacyMaps()
        {
            var section = sections.FirstOrDefault(s => s.Name == "maps");
            if (section is null) return;
            foreach (var symbol in symbols.Where(y => y.Section == section.Index && y.Name.Length > 0).OrderBy(y => y.Value))
            {
                if (symbol.Value + 20 > section.Size) throw Error($"map '{symbol.Name}' in section maps: a struct bpf_map_def needs 20 bytes at offset {symbol.Value}");
                long at = section.Offset + symbol.Value;
                var definition = new MapDefinition((MapType)U32(at), (int)U32(at + 4), (int)U32(at + 8), (int)U32(at + 12)) { Flags = (MapFlags)U32(at + 16), Name = symbol.Name };
                mapAt[(section.Index, symbol.Value)] = maps.Count;
                maps.Add(new BpfObjectMap(symbol.Name, definition, BpfObjectMapStorage.LegacyDefinition, []));
            }
        }

        static bool IsGlobalData(string name)
            => name is ".data" or ".bss" or ".rodata" || name.StartsWith(".data.", StringComparison.Ordinal)
               || name.StartsWith(".bss.", StringComparison.Ordinal) || name.StartsWith(".rodata.", StringComparison.Ordinal);

        void ReadGlobalData()
        {
            foreach (var s in sections.Where(s => IsGlobalData(s.Name) && s.Size > 0 && (s.Flags & Exec) == 0))
            {
                if (s.Size > int.MaxValue) throw Error($"{s.Name} is too large for a map value");
                var value = s.Type == NoBits ? new byte[s.Size] : bytes.AsSpan((int)s.Offset, (int)s.Size).ToArray();
                var flags = s.Name.StartsWith(".rodata", StringComparison.Ordinal) ? MapFlags.ReadOnlyProgram | MapFlags.Mmapable : MapFlags.Mmapable;
                dataMapOfSection[s.Index] = maps.Count;
                maps.Add(new BpfObjectMap(s.Name, new MapDefinition(MapType.Array, 4, (int)s.Size, 1) { Flags = flags, Name = s.Name }, BpfObjectMapStorage.GlobalData, value));
            }
        }

        // ---- programs and linking

        List<(long Offset, Symbol Target)> RelocationsOf(Section code)
        {
            var list = new List<(long, Symbol)>();
            foreach (var rel in sections.Where(s => s.Type == Rel && s.Info == code.Index))
                for (long at = rel.Offset; at < rel.Offset + rel.Size; at += 16)
                {
                    ulong info = U64(at + 8);
                    int symbol = (int)(info >> 32);
                    if (symbol >= symbols.Count) throw Error($"{rel.Name}: relocation names symbol {symbol}, past the symbol table");
                    list.Add(((long)U64(at), symbols[symbol]));
                }
            return list;
        }

        ulong[] Slots(Section code) => Enumerable.Range(0, (int)(code.Size / 8)).Select(i => U64(code.Offset + i * 8L)).ToArray();

        /// <summary>The program starting at <paramref name="entry"/>, with each function it calls (directly or not) appended once.</summary>
        BpfObjectProgram Link(Section entrySection, Symbol entry)
        {
            var linked = new List<ulong>();
            var placed = new Dictionary<(int Section, long Start), int>();   // function → its first slot in linked
            var relocations = new List<(int Slot, int Map)>();
            var pending = new Queue<(Section Section, Symbol Function)>();
            void Place(Section s, Symbol f)
            {
                if (placed.ContainsKey((s.Index, f.Value))) return;
                placed[(s.Index, f.Value)] = -1;
                pending.Enqueue((s, f));
            }
            Place(entrySection, entry);
            var calls = new List<(int Slot, int TargetSection, long TargetByte)>();
            while (pending.TryDequeue(out var next))
            {
                var (section, function) = next;
                var slots = Slots(section);
                long first = function.Value / 8, count = (function.Size > 0 ? function.Size : section.Size - function.Value) / 8;
                if (first + count > slots.Length) throw Error($"function {function.Name} runs past the end of section {section.Name}");
                int start = linked.Count;
                placed[(section.Index, function.Value)] = start;
                linked.AddRange(slots.AsSpan((int)first, (int)count).ToArray());
                var relocated = new HashSet<long>();
                foreach (var (offset, target) in RelocationsOf(section))
                {
                    long slot = offset / 8 - first;
                    if (slot < 0 || slot >= count) continue;
                    relocated.Add(slot);
                    int at = start + (int)slot;
                    ulong insn = linked[at];
                    byte opcode = (byte)insn;
                    int imm = (int)(insn >> 32);
                    if (opcode == 0x18)
                        relocations.Add((at, MapOf(section, offset, target, imm, linked, at)));
                    else if (opcode == 0x85 && ((insn >> 12) & 0xf) == 1)
                    {
                        // a bpf-to-bpf call: the callee starts imm + 1 slots after the symbol (imm is -1 for a function symbol)
                        var targetSection = sections[target.Section];
                        long targetByte = target.Value + (imm + 1L) * 8;
                        calls.Add((at, targetSection.Index, targetByte));
                        Place(targetSection, FunctionAt(targetSection, targetByte));
                    }
                    else if (opcode == 0x85) throw Error($"{function.Name}: instruction {slot} calls an external function '{target.Name}' (kfuncs and extern calls are not supported)");
                    else throw Error($"{function.Name}: instruction {slot} (opcode 0x{opcode:x2}) has a relocation against '{target.Name}' that is neither a map load nor a call");
                }
                for (long slot = 0; slot < count; slot++)
                {
                    ulong insn = linked[start + (int)slot];
                    if ((byte)insn == 0x85 && ((insn >> 12) & 0xf) == 1 && !relocated.Contains(slot))
                    {
                        // a call within the section, resolved by the compiler: relative to the next slot
                        long targetByte = (first + slot + 1 + (int)(insn >> 32)) * 8;
                        calls.Add((start + (int)slot, section.Index, targetByte));
                        Place(section, FunctionAt(section, targetByte));
                    }
                }
            }
            foreach (var (slot, targetSection, targetByte) in calls)
            {
                var function = FunctionAt(sections[targetSection], targetByte);
                int target = placed[(targetSection, function.Value)] + (int)((targetByte - function.Value) / 8);
                linked[slot] = (linked[slot] & 0xffff_ffffUL) | ((ulong)(uint)(target - slot - 1) << 32);
            }
            var raw = new byte[linked.Count * 8];
            for (int i = 0; i < linked.Count; i++) BinaryPrimitives.WriteUInt64LittleEndian(raw.AsSpan(i * 8), linked[i]);
            Instruction[] instructions;
            try { instructions = InstructionEncoding.Decode(raw); }
            catch (InvalidInstructionException e) { throw Error($"{entry.Name} (section {entrySection.Name}): instruction {e.Index}: {e.Reason}"); }
            // slots → instruction indices
            var indexOfSlot = new Dictionary<int, int>();
            for (int i = 0, slot = 0; i < instructions.Length; slot += instructions[i].Slots, i++) indexOfSlot[slot] = i;
            var mapRelocations = relocations.Select(r =>
            {
                int index = indexOfSlot[r.Slot];
                var i = instructions[index];
                instructions[index] = maps[r.Map].Storage == BpfObjectMapStorage.GlobalData
                    ? Instruction.LoadMapValue(i.Destination, 0, (int)i.Immediate)
                    : Instruction.LoadMapFd(i.Destination, 0);
                return new MapRelocation(index, r.Map);
            }).ToList();
            return new BpfObjectProgram(entrySection.Name, entry.Name, new([.. instructions]), new([.. mapRelocations]));
        }

        Symbol FunctionAt(Section section, long offset)
        {
            var functions = symbols.Where(y => y.Section == section.Index && y.Type == SttFunc).ToList();
            return functions.FirstOrDefault(f => f.Value <= offset && offset < f.Value + Math.Max(f.Size, 8))
                ?? throw Error($"a call targets offset {offset} of section {section.Name}, where no function starts");
        }

        /// <summary>The map a <c>lddw</c> refers to; for global data, also writes the byte offset into the instruction's immediate.</summary>
        int MapOf(Section code, long offset, Symbol target, int imm, List<ulong> linked, int at)
        {
            if (mapAt.TryGetValue((target.Section, target.Value), out var map)) return map;
            if (dataMapOfSection.TryGetValue(target.Section, out map))
            {
                // a section symbol carries the offset in the immediate, a variable symbol in its value
                long byteOffset = (target.Type == SttSection ? 0 : target.Value) + imm;
                linked[at] = (linked[at] & 0xffff_ffffUL) | ((ulong)(uint)byteOffset << 32);
                return map;
            }
            var name = target.Name.Length > 0 ? target.Name : sections[target.Section].Name;
            throw Error($"{code.Name}: the lddw at byte {offset} refers to '{name}', which is not a map or global data");
        }

        // ---- bytes

        ushort U16(long at) => at + 2 <= bytes.Length ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at)) : throw Error($"truncated at byte {at}");
        uint U32(long at) => at + 4 <= bytes.Length ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at)) : throw Error($"truncated at byte {at}");
        ulong U64(long at) => at + 8 <= bytes.Length ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)at)) : throw Error($"truncated at byte {at}");

        string CString(long at)
        {
            if (at < 0 || at >= bytes.Length) throw Error($"a name at byte {at} lies outside the file");
            int end = Array.IndexOf(bytes, (byte)0, (int)at);
            return Encoding.UTF8.GetString(bytes, (int)at, (end < 0 ? bytes.Length : end) - (int)at);
        }
    }
}

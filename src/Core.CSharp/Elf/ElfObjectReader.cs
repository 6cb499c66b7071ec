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

    /// <summary>True when <paramref name="bytes"/> start like an ELF file.</summary>
    public static bool IsElf(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[0] == 0x7f && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    /// <summary>Reads the object.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="file">The file's name, for messages.</param>
    /// <exception cref="ElfFormatException">Not a little-endian ELF64 BPF object, or a part of it cannot be understood.</exception>
    public static BpfObjectFile Read(byte[] bytes, string file)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!IsElf(bytes)) throw new ElfFormatException(file, "not an ELF file");
        var elf = ElfSectionReader.Read(bytes, file);
        if (elf.Machine != MachineBpf) throw new ElfFormatException(file, $"machine {elf.Machine} is not BPF (247); compile with -target bpf");
        return new Reader(elf, file).Read();
    }

    sealed class Reader(ElfSections elf, string file)
    {
        readonly List<BpfObjectMap> maps = [];
        // (section index, offset in section) of each map, to resolve relocation targets
        readonly Dictionary<(int Section, long Offset), int> mapAt = [];
        readonly Dictionary<int, int> dataMapOfSection = [];

        IReadOnlyList<ElfSection> Sections => elf.Sections;
        IReadOnlyList<ElfSymbol> Symbols => elf.Symbols;

        ElfFormatException Error(string message) => new(file, message);

        public BpfObjectFile Read()
        {
            if (!Sections.Any(s => s.Type == 2)) throw Error("no symbol table (.symtab)");
            var license = Sections.FirstOrDefault(s => s.Name == "license") is { } l ? CString(l.Data, 0) : "";
            ReadBtfMaps();
            ReadLegacyMaps();
            ReadGlobalData();
            var programs = new List<BpfObjectProgram>();
            foreach (var code in Sections.Where(s => s.IsExecutable && s.Type == 1 && s.Data.Length > 0 && s.Name != ".text"))
            {
                var functions = Symbols.Where(y => y.Section == code.Index && y.IsFunction).OrderBy(y => y.Value).ToList();
                if (functions.Count == 0) functions = [new ElfSymbol(code.Name.Replace('/', '_'), code.Index, 0, 2, 1, code.Data.Length)];
                foreach (var function in functions) programs.Add(Link(code, function));
            }
            return new BpfObjectFile(license, new([.. programs]), new([.. maps]));
        }

        // ---- maps

        void ReadBtfMaps()
        {
            var section = Sections.FirstOrDefault(s => s.Name == ".maps");
            if (section is null) return;
            var btfSection = Sections.FirstOrDefault(s => s.Name == ".BTF") ?? throw Error(".maps needs BTF to describe its maps, and there is no .BTF section (compile with -g)");
            var btf = new BtfReader(btfSection.Data, m => Error($".BTF: {m}"));
            var datasec = btf.FindDatasec(".maps") ?? throw Error(".BTF has no DATASEC for .maps");
            foreach (var (var, _, _) in btf.DatasecVariables(datasec))
            {
                var (name, structure) = btf.Variable(var);
                var definition = btf.MapDefinition(structure, name);
                var symbol = Symbols.FirstOrDefault(y => y.Section == section.Index && y.Name == name) ?? throw Error($"map '{name}' in .maps has no symbol");
                mapAt[(section.Index, symbol.Value)] = maps.Count;
                maps.Add(new BpfObjectMap(name, definition with { Name = name }, BpfObjectMapStorage.BtfDefinition, []));
            }
        }

        void ReadLegacyMaps()
        {
            var section = Sections.FirstOrDefault(s => s.Name == "maps");
            if (section is null) return;
            foreach (var symbol in Symbols.Where(y => y.Section == section.Index && y.Name.Length > 0).OrderBy(y => y.Value))
            {
                if (symbol.Value < 0 || symbol.Value + 20 > section.Data.Length) throw Error($"map '{symbol.Name}' in section maps: a struct bpf_map_def needs 20 bytes at offset {symbol.Value}");
                int at = (int)symbol.Value;
                uint Field(int k) => BinaryPrimitives.ReadUInt32LittleEndian(section.Data.AsSpan(at + 4 * k));
                var definition = new MapDefinition((MapType)Field(0), (int)Field(1), (int)Field(2), (int)Field(3)) { Flags = (MapFlags)Field(4), Name = symbol.Name };
                mapAt[(section.Index, symbol.Value)] = maps.Count;
                maps.Add(new BpfObjectMap(symbol.Name, definition, BpfObjectMapStorage.LegacyDefinition, []));
            }
        }

        static bool IsGlobalData(string name)
            => name is ".data" or ".bss" or ".rodata" || name.StartsWith(".data.", StringComparison.Ordinal)
               || name.StartsWith(".bss.", StringComparison.Ordinal) || name.StartsWith(".rodata.", StringComparison.Ordinal);

        void ReadGlobalData()
        {
            foreach (var s in Sections.Where(s => IsGlobalData(s.Name) && s.Size > 0 && !s.IsExecutable))
            {
                if (s.Size > int.MaxValue) throw Error($"{s.Name} is too large for a map value");
                var value = s.IsNoBits ? new byte[s.Size] : s.Data;
                var flags = s.Name.StartsWith(".rodata", StringComparison.Ordinal) ? MapFlags.ReadOnlyProgram | MapFlags.Mmapable : MapFlags.Mmapable;
                dataMapOfSection[s.Index] = maps.Count;
                maps.Add(new BpfObjectMap(s.Name, new MapDefinition(MapType.Array, 4, (int)s.Size, 1) { Flags = flags, Name = s.Name }, BpfObjectMapStorage.GlobalData, value));
            }
        }

        // ---- programs and linking

        List<(long Offset, ElfSymbol Target)> RelocationsOf(ElfSection code)
        {
            var list = new List<(long, ElfSymbol)>();
            foreach (var r in elf.RelocationsOf(code))
            {
                if (r.Symbol >= Symbols.Count) throw Error($"a relocation of {code.Name} names symbol {r.Symbol}, past the symbol table");
                list.Add((r.Offset, Symbols[r.Symbol]));
            }
            return list;
        }

        static ulong[] Slots(ElfSection code)
        {
            var slots = new ulong[code.Data.Length / 8];
            for (int i = 0; i < slots.Length; i++) slots[i] = BinaryPrimitives.ReadUInt64LittleEndian(code.Data.AsSpan(i * 8));
            return slots;
        }

        /// <summary>The program starting at <paramref name="entry"/>, with each function it calls (directly or not) appended once.</summary>
        BpfObjectProgram Link(ElfSection entrySection, ElfSymbol entry)
        {
            var linked = new List<ulong>();
            var placed = new Dictionary<(int Section, long Start), int>();   // function → its first slot in linked
            var relocations = new List<(int Slot, int Map)>();
            var pending = new Queue<(ElfSection Section, ElfSymbol Function)>();
            void Place(ElfSection s, ElfSymbol f)
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
                long first = function.Value / 8, count = (function.Size > 0 ? function.Size : section.Data.Length - function.Value) / 8;
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
                        var targetSection = Sections[target.Section];
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
                var function = FunctionAt(Sections[targetSection], targetByte);
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

        ElfSymbol FunctionAt(ElfSection section, long offset)
        {
            var functions = Symbols.Where(y => y.Section == section.Index && y.IsFunction).ToList();
            return functions.FirstOrDefault(f => f.Value <= offset && offset < f.Value + Math.Max(f.Size, 8))
                ?? throw Error($"a call targets offset {offset} of section {section.Name}, where no function starts");
        }

        /// <summary>The map a <c>lddw</c> refers to; for global data, also writes the byte offset into the instruction's immediate.</summary>
        int MapOf(ElfSection code, long offset, ElfSymbol target, int imm, List<ulong> linked, int at)
        {
            if (mapAt.TryGetValue((target.Section, target.Value), out var map)) return map;
            if (dataMapOfSection.TryGetValue(target.Section, out map))
            {
                // a section symbol carries the offset in the immediate, a variable symbol in its value
                long byteOffset = (target.IsSection ? 0 : target.Value) + imm;
                linked[at] = (linked[at] & 0xffff_ffffUL) | ((ulong)(uint)byteOffset << 32);
                return map;
            }
            var name = target.Name.Length > 0 ? target.Name : Sections[target.Section].Name;
            throw Error($"{code.Name}: the lddw at byte {offset} refers to '{name}', which is not a map or global data");
        }

        static string CString(byte[] data, int at)
        {
            int end = Array.IndexOf(data, (byte)0, at);
            return Encoding.UTF8.GetString(data, at, (end < 0 ? data.Length : end) - at);
        }
    }
}

using System.Buffers.Binary;
using System.Text;

namespace EbpfCat.Elf;

/// <summary>Reads the parts of a 64-bit little-endian relocatable ELF object (<c>ET_REL</c>, as LLVM's BPF
/// target emits) that a loader needs: sections with their bytes, the symbol table and <c>SHT_REL</c>
/// relocations. Nothing else of ELF is interpreted.</summary>
/// <example><code>
/// ElfSections o = ElfSectionReader.Read(File.ReadAllBytes("prog.o"));
/// ElfSection text = o.Section("xdp");
/// foreach (var r in o.RelocationsOf(text)) Console.WriteLine($"{r.Offset}: {o.Symbols[r.Symbol].Name}");
/// </code></example>
public static class ElfSectionReader
{
    const int HeaderSize = 64, SectionHeaderSize = 64, SymbolSize = 24, RelSize = 16;
    const uint SymbolTableType = 2, RelType = 9;
    /// <summary>What errors name as the file: the reader sees bytes, such as an object LLVM made in memory.</summary>
    const string InMemory = "ELF object in memory";

    static ReadOnlySpan<byte> Magic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>Parses <paramref name="image"/>; errors name it <paramref name="file"/>.</summary>
    /// <exception cref="ElfFormatException">The bytes are not a 64-bit little-endian ELF object, or a table
    /// points outside the file; the message says which.</exception>
    public static ElfSections Read(ReadOnlySpan<byte> image, string file = InMemory)
    {
        if (image.Length < HeaderSize || !image[..4].SequenceEqual(Magic))
            throw new ElfFormatException(file, "not an ELF file (no \\x7fELF magic)");
        if (image[4] != 2 || image[5] != 1)
            throw new ElfFormatException(file, $"only 64-bit little-endian ELF is read (class {image[4]}, data {image[5]})");
        long sectionTable = (long)BinaryPrimitives.ReadUInt64LittleEndian(image[40..]);
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(image[58..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(image[60..]);
        int namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(image[62..]);
        if (entrySize != SectionHeaderSize) throw new ElfFormatException(file, $"section headers are {entrySize} bytes, not {SectionHeaderSize}");
        var headers = new (uint Name, uint Type, long Offset, long Size, uint Link, uint Info, ulong Flags)[count];
        for (int i = 0; i < count; i++)
        {
            var h = Slice(image, sectionTable + (long)i * SectionHeaderSize, SectionHeaderSize, $"section header {i}", file);
            headers[i] = (BinaryPrimitives.ReadUInt32LittleEndian(h), BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(h[24..]), (long)BinaryPrimitives.ReadUInt64LittleEndian(h[32..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[40..]), BinaryPrimitives.ReadUInt32LittleEndian(h[44..]),
                BinaryPrimitives.ReadUInt64LittleEndian(h[8..]));
        }
        if (namesIndex >= count) throw new ElfFormatException(file, $"section name table {namesIndex} does not exist ({count} sections)");
        var names = Data(image, headers[namesIndex], namesIndex, file);
        var sections = new ElfSection[count];
        for (int i = 0; i < count; i++)
        {
            // SHT_NOBITS (8) has a size but no bytes in the file
            var bytes = headers[i].Type == 8 ? [] : Data(image, headers[i], i, file).ToArray();
            sections[i] = new ElfSection(i, Name(names, headers[i].Name, $"section {i}", file), headers[i].Type, headers[i].Link, headers[i].Info,
                bytes, headers[i].Flags, headers[i].Size);
        }
        var symbols = new List<ElfSymbol>();
        var relocations = new List<ElfRelocation>();
        foreach (var s in sections)
        {
            if (s.Type == SymbolTableType)
            {
                if (s.Link >= count) throw new ElfFormatException(file, $"symbol table {s.Name} links to missing section {s.Link}");
                var strings = sections[s.Link].Data;
                for (int at = 0; at + SymbolSize <= s.Data.Length; at += SymbolSize)
                {
                    var e = s.Data.AsSpan(at, SymbolSize);
                    symbols.Add(new ElfSymbol(Name(strings, BinaryPrimitives.ReadUInt32LittleEndian(e), $"symbol {at / SymbolSize}", file),
                        BinaryPrimitives.ReadUInt16LittleEndian(e[6..]), (long)BinaryPrimitives.ReadUInt64LittleEndian(e[8..]),
                        e[4] & 0xf, e[4] >> 4, (long)BinaryPrimitives.ReadUInt64LittleEndian(e[16..])));
                }
            }
            else if (s.Type == RelType)
            {
                for (int at = 0; at + RelSize <= s.Data.Length; at += RelSize)
                {
                    var e = s.Data.AsSpan(at, RelSize);
                    ulong info = BinaryPrimitives.ReadUInt64LittleEndian(e[8..]);
                    relocations.Add(new ElfRelocation((int)s.Info, (long)BinaryPrimitives.ReadUInt64LittleEndian(e), (int)(info >> 32), (uint)info));
                }
            }
        }
        return new ElfSections(BinaryPrimitives.ReadUInt16LittleEndian(image[18..]), sections, symbols, relocations);
    }

    static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> image, (uint Name, uint Type, long Offset, long Size, uint Link, uint Info, ulong Flags) h, int index, string file)
        => Slice(image, h.Offset, h.Size, $"section {index}", file);

    static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> image, long offset, long length, string what, string file)
    {
        if (offset < 0 || length < 0 || offset + length > image.Length)
            throw new ElfFormatException(file, $"{what} lies outside the file (bytes {offset}..{offset + length} of {image.Length})");
        return image.Slice((int)offset, (int)length);
    }

    static string Name(ReadOnlySpan<byte> table, uint offset, string what, string file)
    {
        if (offset >= table.Length) return offset == 0 ? "" : throw new ElfFormatException(file, $"the name of {what} lies outside its string table");
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }
}

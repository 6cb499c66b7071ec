namespace EbpfCat.Elf;

/// <summary>A relocatable ELF object as <see cref="ElfSectionReader"/> reads it.</summary>
/// <example><code>var text = ElfSectionReader.Read(bytes).Section(".text");</code></example>
/// <param name="Machine">The header's <c>e_machine</c> (247 for BPF).</param>
/// <param name="Sections">Every section, by index.</param>
/// <param name="Symbols">The symbol table, by index.</param>
/// <param name="Relocations">Every <c>SHT_REL</c> entry, in file order.</param>
public sealed record ElfSections(ushort Machine, IReadOnlyList<ElfSection> Sections, IReadOnlyList<ElfSymbol> Symbols, IReadOnlyList<ElfRelocation> Relocations)
{
    /// <summary>The section called <paramref name="name"/>.</summary>
    /// <exception cref="ElfFormatException">There is no such section.</exception>
    public ElfSection Section(string name)
        => Sections.FirstOrDefault(s => s.Name == name)
           ?? throw new ElfFormatException("ELF object", $"the object has no section '{name}' (it has {string.Join(", ", Sections.Select(s => $"'{s.Name}'"))})");

    /// <summary>The relocations that patch <paramref name="section"/>, in file order.</summary>
    public IEnumerable<ElfRelocation> RelocationsOf(ElfSection section) => Relocations.Where(r => r.Section == section.Index);
}

/// <summary>A section: its index in the section table, name, <c>sh_type</c>, <c>sh_link</c>, <c>sh_info</c>, bytes
/// (none for <c>SHT_NOBITS</c>), <c>sh_flags</c> and <c>sh_size</c> (which <c>SHT_NOBITS</c> has without bytes).</summary>
/// <example><code>int slots = section.Data.Length / 8;</code></example>
public sealed record ElfSection(int Index, string Name, uint Type, uint Link, uint Info, byte[] Data, ulong Flags, long Size)
{
    /// <summary><c>SHF_EXECINSTR</c>: the section holds code.</summary>
    public bool IsExecutable => (Flags & 4) != 0;

    /// <summary><c>SHT_NOBITS</c>: the section takes room in memory but none in the file (<c>.bss</c>).</summary>
    public bool IsNoBits => Type == 8;
}

/// <summary>A symbol: name, the index of the section it is defined in (0 when undefined), its value (for a
/// relocatable object, the offset in that section), and <c>st_info</c>'s type (2 function, 3 section) and binding,
/// and <c>st_size</c>.</summary>
/// <example><code>bool external = symbol.Section == 0;</code></example>
public sealed record ElfSymbol(string Name, int Section, long Value, int Type, int Binding, long Size)
{
    /// <summary><c>STT_FUNC</c>.</summary>
    public bool IsFunction => Type == 2;

    /// <summary><c>STT_SECTION</c>: the symbol stands for its section; a relocation's addend is in the instruction.</summary>
    public bool IsSection => Type == 3;
}

/// <summary>A <c>SHT_REL</c> relocation of section <see cref="Section"/> at byte <see cref="Offset"/>
/// against symbol <see cref="Symbol"/>; <see cref="Type"/> is machine-specific (for BPF, 1 is
/// <c>R_BPF_64_64</c>, the <c>lddw</c> immediate).</summary>
/// <example><code>int slot = (int)(relocation.Offset / 8);</code></example>
public sealed record ElfRelocation(int Section, long Offset, int Symbol, uint Type);

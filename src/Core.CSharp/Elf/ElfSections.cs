namespace EbpfCat.Elf;

/// <summary>A relocatable ELF object as <see cref="ElfSectionReader"/> reads it.</summary>
/// <example><code>var text = ElfSectionReader.Read(bytes).Section(".text");</code></example>
public sealed record ElfSections(IReadOnlyList<ElfSection> Sections, IReadOnlyList<ElfSymbol> Symbols, IReadOnlyList<ElfRelocation> Relocations)
{
    /// <summary>The section called <paramref name="name"/>.</summary>
    /// <exception cref="ElfFormatException">There is no such section.</exception>
    public ElfSection Section(string name)
        => Sections.FirstOrDefault(s => s.Name == name)
           ?? throw new ElfFormatException("ELF object", $"the object has no section '{name}' (it has {string.Join(", ", Sections.Select(s => $"'{s.Name}'"))})");

    /// <summary>The relocations that patch <paramref name="section"/>, in file order.</summary>
    public IEnumerable<ElfRelocation> RelocationsOf(ElfSection section) => Relocations.Where(r => r.Section == section.Index);
}

/// <summary>A section: its index in the section table, name, <c>sh_type</c>, <c>sh_link</c>, <c>sh_info</c> and bytes.</summary>
/// <example><code>int slots = section.Data.Length / 8;</code></example>
public sealed record ElfSection(int Index, string Name, uint Type, uint Link, uint Info, byte[] Data);

/// <summary>A symbol: name, the index of the section it is defined in (0 when undefined) and its value
/// (for a relocatable object, the offset in that section).</summary>
/// <example><code>bool external = symbol.Section == 0;</code></example>
public sealed record ElfSymbol(string Name, int Section, long Value);

/// <summary>A <c>SHT_REL</c> relocation of section <see cref="Section"/> at byte <see cref="Offset"/>
/// against symbol <see cref="Symbol"/>; <see cref="Type"/> is machine-specific (for BPF, 1 is
/// <c>R_BPF_64_64</c>, the <c>lddw</c> immediate).</summary>
/// <example><code>int slot = (int)(relocation.Offset / 8);</code></example>
public sealed record ElfRelocation(int Section, long Offset, int Symbol, uint Type);

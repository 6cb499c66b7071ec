using System.Buffers.Binary;
using System.Text;

namespace EbpfCat.Elf;

/// <summary>Builds the little BTF an object needs to describe its maps the way libbpf reads them: a BTF-defined map is a
/// variable of an anonymous struct whose <c>__uint(name, N)</c> members are pointers to <c>int[N]</c>; a global data
/// section is a DATASEC with one byte-array variable.</summary>
internal sealed class BtfBuilder
{
    readonly List<byte> types = [];
    readonly List<byte> strings = [0];
    readonly Dictionary<string, int> stringOffsets = new() { [""] = 0 };
    int count;
    int intType, byteType;

    int String(string s)
    {
        if (stringOffsets.TryGetValue(s, out var at)) return at;
        at = strings.Count;
        strings.AddRange(Encoding.UTF8.GetBytes(s));
        strings.Add(0);
        return stringOffsets[s] = at;
    }

    int Type(int name, int kind, int vlen, uint sizeOrType, params uint[] trailer)
    {
        Word((uint)name); Word(Btf.Info(kind, vlen)); Word(sizeOrType);
        foreach (var w in trailer) Word(w);
        return ++count;
    }

    void Word(uint w)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, w);
        types.AddRange(b.ToArray());
    }

    int Int()
        => intType != 0 ? intType : intType = Type(String("int"), Btf.KindInt, 0, 4, (1u << 24) | 32);   // signed, 32 bits

    int Byte()
        => byteType != 0 ? byteType : byteType = Type(String("unsigned char"), Btf.KindInt, 0, 1, 8);

    /// <summary><c>__uint(name, n)</c>: a pointer to <c>int[n]</c>.</summary>
    int UintMember(uint n)
    {
        var array = Type(0, Btf.KindArray, 0, 0, (uint)Int(), (uint)Int(), n);
        return Type(0, Btf.KindPtr, 0, (uint)array);
    }

    /// <summary>A BTF-defined map; returns the VAR's type id and the struct's size in <paramref name="size"/>.</summary>
    public int MapVariable(string name, int type, int keySize, int valueSize, int maxEntries, uint flags, out int size)
    {
        var members = new List<(string Name, uint Value)> { ("type", (uint)type) };
        if (keySize > 0) members.Add(("key_size", (uint)keySize));
        members.Add(("value_size", (uint)valueSize));
        members.Add(("max_entries", (uint)maxEntries));
        if (flags != 0) members.Add(("map_flags", flags));
        var memberTypes = members.Select(m => UintMember(m.Value)).ToList();
        size = 8 * members.Count;
        var trailer = members.SelectMany((m, i) => new[] { (uint)String(m.Name), (uint)memberTypes[i], (uint)(64 * i) }).ToArray();
        var structure = Type(0, Btf.KindStruct, members.Count, (uint)size, trailer);
        return Type(String(name), Btf.KindVar, 0, (uint)structure, 1);   // linkage: global allocated
    }

    /// <summary>A global data section of <paramref name="size"/> bytes: one variable, <paramref name="variableName"/>, a byte array
    /// filling it. The object needs an ELF symbol of the same name at offset 0: libbpf takes each variable's offset from one.</summary>
    public void DataSection(string section, string variableName, int size)
    {
        var array = Type(0, Btf.KindArray, 0, 0, (uint)Byte(), (uint)Int(), (uint)size);
        var variable = Type(String(variableName), Btf.KindVar, 0, (uint)array, 1);
        Datasec(section, size, [(variable, 0, size)]);
    }

    /// <summary>A DATASEC naming the variables of <paramref name="section"/>.</summary>
    public void Datasec(string section, int size, IReadOnlyList<(int Var, int Offset, int Size)> variables)
        => Type(String(section), Btf.KindDatasec, variables.Count, (uint)size,
            variables.SelectMany(v => new[] { (uint)v.Var, (uint)v.Offset, (uint)v.Size }).ToArray());

    /// <summary>The .BTF section: header, types, strings.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Btf.HeaderSize + types.Count + strings.Count];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, Btf.Magic);
        bytes[2] = 1;   // version
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), Btf.HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)types.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)types.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), (uint)strings.Count);
        types.CopyTo(bytes, Btf.HeaderSize);
        strings.CopyTo(bytes, Btf.HeaderSize + types.Count);
        return bytes;
    }
}

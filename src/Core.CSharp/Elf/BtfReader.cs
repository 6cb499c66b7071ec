using System.Buffers.Binary;
using System.Text;
using EbpfCat.Maps;

namespace EbpfCat.Elf;

/// <summary>Reads the parts of an object's BTF that define maps: the <c>.maps</c> DATASEC, its variables and their structs
/// of <c>__uint</c>/<c>__type</c> members, with type sizes resolved through typedefs and qualifiers.</summary>
internal sealed class BtfReader
{
    readonly byte[] data;
    readonly Func<string, Exception> error;
    readonly List<int> typeOffsets = [0];   // type id → byte offset of its btf_type in data; id 0 is void
    readonly int typeStart, stringStart, stringLength;

    public BtfReader(byte[] data, Func<string, Exception> error)
    {
        this.data = data;
        this.error = error;
        if (data.Length < Btf.HeaderSize || U16(0) != Btf.Magic) throw error("not BTF (bad magic); big-endian BTF is not supported");
        int headerLength = (int)U32(4);
        typeStart = headerLength + (int)U32(8);
        int typeLength = (int)U32(12);
        stringStart = headerLength + (int)U32(16);
        stringLength = (int)U32(20);
        if (typeStart + typeLength > data.Length || stringStart + stringLength > data.Length) throw error("sections lie outside the data");
        for (int at = typeStart; at < typeStart + typeLength;)
        {
            typeOffsets.Add(at);
            uint info = U32(at + 4);
            at += 12 + Btf.TrailerSize(Btf.KindOf(info), Btf.VlenOf(info));
        }
    }

    int Kind(int id) => Btf.KindOf(U32(Offset(id) + 4));
    int Vlen(int id) => Btf.VlenOf(U32(Offset(id) + 4));
    uint SizeOrType(int id) => U32(Offset(id) + 8);
    string Name(int id) => String(U32(Offset(id)));

    int Offset(int id) => id > 0 && id < typeOffsets.Count ? typeOffsets[id] : throw error($"type id {id} does not exist");

    public int? FindDatasec(string name)
    {
        for (int id = 1; id < typeOffsets.Count; id++)
            if (Kind(id) == Btf.KindDatasec && Name(id) == name) return id;
        return null;
    }

    public IEnumerable<(int Var, int Offset, int Size)> DatasecVariables(int id)
    {
        int at = Offset(id) + 12;
        for (int i = 0; i < Vlen(id); i++, at += 12) yield return ((int)U32(at), (int)U32(at + 4), (int)U32(at + 8));
    }

    public (string Name, int Type) Variable(int id)
        => Kind(id) == Btf.KindVar ? (Name(id), (int)SizeOrType(id)) : throw error($"type {id} in a DATASEC is not a variable");

    /// <summary>The map a BTF-defined map struct describes: <c>__uint(type|key_size|value_size|max_entries|map_flags|numa_node|map_extra, N)</c>
    /// and <c>__type(key|value, T)</c>.</summary>
    public MapDefinition MapDefinition(int structure, string map)
    {
        structure = Resolve(structure);
        if (Kind(structure) != Btf.KindStruct) throw error($"map '{map}' is not a struct");
        int type = 0, keySize = 0, valueSize = 0, maxEntries = 0, numa = 0;
        uint flags = 0;
        ulong extra = 0;
        int at = Offset(structure) + 12;
        for (int i = 0; i < Vlen(structure); i++, at += 12)
        {
            var member = String(U32(at));
            int memberType = (int)U32(at + 4);
            switch (member)
            {
                case "type": type = (int)UintValue(memberType, map, member); break;
                case "key_size": keySize = (int)UintValue(memberType, map, member); break;
                case "value_size": valueSize = (int)UintValue(memberType, map, member); break;
                case "max_entries": maxEntries = (int)UintValue(memberType, map, member); break;
                case "map_flags": flags = UintValue(memberType, map, member); break;
                case "numa_node": numa = (int)UintValue(memberType, map, member); break;
                case "map_extra": extra = UintValue(memberType, map, member); break;
                case "key": keySize = Size(Pointee(memberType, map, member)); break;
                case "value": valueSize = Size(Pointee(memberType, map, member)); break;
                case "pinning": break;   // pinning by name is a libbpf convention; our loader pins on request
                default: throw error($"map '{map}': member '{member}' is not supported");
            }
        }
        return new MapDefinition((MapType)type, keySize, valueSize, maxEntries) { Flags = (MapFlags)flags, NumaNode = numa, Extra = extra };
    }

    int Pointee(int id, string map, string member)
    {
        id = Resolve(id);
        return Kind(id) == Btf.KindPtr ? (int)SizeOrType(id) : throw error($"map '{map}': member '{member}' is not a pointer (__type)");
    }

    /// <summary><c>__uint(name, N)</c> is <c>int (*name)[N]</c>: N is the array's element count.</summary>
    uint UintValue(int id, string map, string member)
    {
        var array = Resolve(Pointee(id, map, member));
        if (Kind(array) != Btf.KindArray) throw error($"map '{map}': member '{member}' is not __uint(name, N)");
        return U32(Offset(array) + 12 + 8);
    }

    int Resolve(int id)
    {
        for (int guard = 0; guard < 64; guard++)
        {
            if (id == 0) return 0;
            if (Kind(id) is Btf.KindTypedef or Btf.KindVolatile or Btf.KindConst or Btf.KindRestrict or Btf.KindTypeTag) id = (int)SizeOrType(id);
            else return id;
        }
        throw error($"type {id}: a loop of typedefs");
    }

    int Size(int id)
    {
        id = Resolve(id);
        return Kind(id) switch
        {
            Btf.KindInt or Btf.KindStruct or Btf.KindUnion or Btf.KindEnum or Btf.KindEnum64 or Btf.KindFloat or Btf.KindDatasec => (int)SizeOrType(id),
            Btf.KindPtr => 8,
            Btf.KindArray => (int)U32(Offset(id) + 12 + 8) * Size((int)U32(Offset(id) + 12)),
            _ => throw error($"type {id} has no size"),
        };
    }

    string String(uint offset)
    {
        if (offset >= stringLength) throw error($"string offset {offset} is past the string table");
        int start = stringStart + (int)offset;
        int end = Array.IndexOf(data, (byte)0, start);
        return Encoding.UTF8.GetString(data, start, (end < 0 ? data.Length : end) - start);
    }

    ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));
    uint U32(int at) => at + 4 <= data.Length ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at)) : throw error($"truncated at byte {at}");
}

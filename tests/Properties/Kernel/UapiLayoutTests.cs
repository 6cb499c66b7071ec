using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EbpfCat.Loader;
using EbpfCat.Loader.Native;
using EbpfCat.Maps;
using EbpfCat.Properties.Support;
using Xunit;

namespace EbpfCat.Properties.Kernel;

/// <summary>Our attribute and info structs and enums against &lt;linux/bpf.h&gt;, as a C compiler reads it.</summary>
public sealed class UapiLayoutTests
{
    /// <summary>Each C# field and the C member it mirrors (for <c>union bpf_attr</c>, the member path within the union).</summary>
    static readonly (Type Struct, string Field, string CType, string CMember)[] Fields =
    [
        .. Members<MapCreateAttr>("union bpf_attr", "",
            ("MapType", "map_type"), ("KeySize", "key_size"), ("ValueSize", "value_size"), ("MaxEntries", "max_entries"),
            ("MapFlags", "map_flags"), ("InnerMapFd", "inner_map_fd"), ("NumaNode", "numa_node"), ("MapName", "map_name"),
            ("MapIfindex", "map_ifindex"), ("BtfFd", "btf_fd"), ("BtfKeyTypeId", "btf_key_type_id"), ("BtfValueTypeId", "btf_value_type_id"),
            ("BtfVmlinuxValueTypeId", "btf_vmlinux_value_type_id"), ("MapExtra", "map_extra")),
        .. Members<MapElementAttr>("union bpf_attr", "", ("MapFd", "map_fd"), ("Key", "key"), ("Value", "value"), ("Flags", "flags")),
        .. Members<MapElementAttr>("union bpf_attr", "", ("Value", "next_key")),
        .. Members<MapBatchAttr>("union bpf_attr", "batch.",
            ("InBatch", "in_batch"), ("OutBatch", "out_batch"), ("Keys", "keys"), ("Values", "values"), ("Count", "count"),
            ("MapFd", "map_fd"), ("ElementFlags", "elem_flags"), ("Flags", "flags")),
        .. Members<ProgramLoadAttr>("union bpf_attr", "",
            ("ProgType", "prog_type"), ("InsnCnt", "insn_cnt"), ("Insns", "insns"), ("License", "license"), ("LogLevel", "log_level"),
            ("LogSize", "log_size"), ("LogBuf", "log_buf"), ("KernVersion", "kern_version"), ("ProgFlags", "prog_flags"),
            ("ProgName", "prog_name"), ("ProgIfindex", "prog_ifindex"), ("ExpectedAttachType", "expected_attach_type"),
            ("ProgBtfFd", "prog_btf_fd"), ("FuncInfoRecSize", "func_info_rec_size"), ("FuncInfo", "func_info"),
            ("FuncInfoCnt", "func_info_cnt"), ("LineInfoRecSize", "line_info_rec_size"), ("LineInfo", "line_info"),
            ("LineInfoCnt", "line_info_cnt"), ("AttachBtfId", "attach_btf_id"), ("AttachProgFd", "attach_prog_fd"),
            ("CoreReloCnt", "core_relo_cnt"), ("FdArray", "fd_array"), ("CoreRelos", "core_relos"), ("CoreReloRecSize", "core_relo_rec_size")),
        .. Members<ObjectPathAttr>("union bpf_attr", "", ("Pathname", "pathname"), ("BpfFd", "bpf_fd"), ("FileFlags", "file_flags")),
        .. Members<TestRunAttr>("union bpf_attr", "test.",
            ("ProgFd", "prog_fd"), ("Retval", "retval"), ("DataSizeIn", "data_size_in"), ("DataSizeOut", "data_size_out"),
            ("DataIn", "data_in"), ("DataOut", "data_out"), ("Repeat", "repeat"), ("Duration", "duration"), ("CtxSizeIn", "ctx_size_in"),
            ("CtxSizeOut", "ctx_size_out"), ("CtxIn", "ctx_in"), ("CtxOut", "ctx_out"), ("Flags", "flags"), ("Cpu", "cpu"), ("BatchSize", "batch_size")),
        .. Members<ObjectIdAttr>("union bpf_attr", "", ("Id", "start_id"), ("Id", "prog_id"), ("Id", "map_id"), ("Id", "link_id"),
            ("NextId", "next_id"), ("OpenFlags", "open_flags")),
        .. Members<InfoByFdAttr>("union bpf_attr", "info.", ("BpfFd", "bpf_fd"), ("InfoLen", "info_len"), ("Info", "info")),
        .. Members<LinkCreateAttr>("union bpf_attr", "link_create.", ("ProgFd", "prog_fd"), ("TargetFd", "target_fd"), ("TargetFd", "target_ifindex"),
            ("AttachType", "attach_type"), ("Flags", "flags"), ("TargetBtfId", "target_btf_id")),
        .. Members<LinkFdAttr>("union bpf_attr", "link_update.", ("LinkFd", "link_fd"), ("NewProgFd", "new_prog_fd"), ("Flags", "flags"), ("OldProgFd", "old_prog_fd")),
        .. Members<LinkFdAttr>("union bpf_attr", "link_detach.", ("LinkFd", "link_fd")),
        .. Members<BpfProgInfo>("struct bpf_prog_info", "",
            ("Type", "type"), ("Id", "id"), ("Tag", "tag"), ("JitedProgLen", "jited_prog_len"), ("XlatedProgLen", "xlated_prog_len"),
            ("JitedProgInsns", "jited_prog_insns"), ("XlatedProgInsns", "xlated_prog_insns"), ("LoadTime", "load_time"),
            ("CreatedByUid", "created_by_uid"), ("NrMapIds", "nr_map_ids"), ("MapIds", "map_ids"), ("Name", "name"), ("Ifindex", "ifindex"),
            ("NetnsDev", "netns_dev"), ("NetnsIno", "netns_ino"), ("NrJitedKsyms", "nr_jited_ksyms"), ("NrJitedFuncLens", "nr_jited_func_lens"),
            ("JitedKsyms", "jited_ksyms"), ("JitedFuncLens", "jited_func_lens"), ("BtfId", "btf_id"), ("FuncInfoRecSize", "func_info_rec_size"),
            ("FuncInfo", "func_info"), ("NrFuncInfo", "nr_func_info"), ("NrLineInfo", "nr_line_info"), ("LineInfo", "line_info"),
            ("JitedLineInfo", "jited_line_info"), ("NrJitedLineInfo", "nr_jited_line_info"), ("LineInfoRecSize", "line_info_rec_size"),
            ("JitedLineInfoRecSize", "jited_line_info_rec_size"), ("NrProgTags", "nr_prog_tags"), ("ProgTags", "prog_tags"),
            ("RunTimeNs", "run_time_ns"), ("RunCnt", "run_cnt"), ("RecursionMisses", "recursion_misses"), ("VerifiedInsns", "verified_insns"),
            ("AttachBtfObjId", "attach_btf_obj_id"), ("AttachBtfId", "attach_btf_id")),
        .. Members<BpfMapInfo>("struct bpf_map_info", "",
            ("Type", "type"), ("Id", "id"), ("KeySize", "key_size"), ("ValueSize", "value_size"), ("MaxEntries", "max_entries"),
            ("MapFlags", "map_flags"), ("Name", "name"), ("Ifindex", "ifindex"), ("BtfVmlinuxValueTypeId", "btf_vmlinux_value_type_id"),
            ("NetnsDev", "netns_dev"), ("NetnsIno", "netns_ino"), ("BtfId", "btf_id"), ("BtfKeyTypeId", "btf_key_type_id"),
            ("BtfValueTypeId", "btf_value_type_id"), ("MapExtra", "map_extra")),
        .. Members<BpfLinkInfo>("struct bpf_link_info", "", ("Type", "type"), ("Id", "id"), ("ProgId", "prog_id"), ("XdpIfindex", "xdp.ifindex")),
    ];

    /// <summary>Structs whose whole size must be the C size.</summary>
    static readonly (Type Struct, string CType)[] WholeStructs =
        [(typeof(BpfProgInfo), "struct bpf_prog_info"), (typeof(BpfMapInfo), "struct bpf_map_info")];

    /// <summary>Enums whose members are documented with their uapi names, checked against the header's values.</summary>
    static readonly Type[] UapiEnums =
        [typeof(BpfCommand), typeof(MapType), typeof(ProgramType), typeof(AttachType), typeof(LinkType), typeof(MapFlags),
         typeof(MapUpdateFlags), typeof(ProgramLoadFlags), typeof(TestRunFlags)];

    static IEnumerable<(Type, string, string, string)> Members<T>(string cType, string prefix, params (string Field, string Member)[] members)
        => members.Select(m => (typeof(T), m.Field, cType, prefix + m.Member));

    static readonly Lazy<string> header = new(() => File.ReadAllText("/usr/include/linux/bpf.h"));

    [Fact]
    public void Every_attribute_and_info_field_sits_where_the_header_puts_it()
    {
        var c = new StringBuilder();
        foreach (var (_, _, cType, member) in Fields)
            c.AppendLine($"printf(\"%zu %zu\\n\", (size_t)offsetof({cType}, {member}), sizeof((({cType} *)0)->{member}));");
        var lines = RunC(c.ToString());
        var mismatches = new List<string>();
        for (int i = 0; i < Fields.Length; i++)
        {
            var (type, field, cType, member) = Fields[i];
            var parts = lines[i].Split(' ').Select(int.Parse).ToArray();
            int offset = (int)Marshal.OffsetOf(type, field);
            int size = Marshal.SizeOf(type.GetField(field)!.FieldType);
            if ((offset, size) != (parts[0], parts[1]))
                mismatches.Add($"{type.Name}.{field} at {offset} size {size}, but {cType} {member} at {parts[0]} size {parts[1]}");
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Attribute_structs_end_where_their_last_header_member_ends()
    {
        // The kernel reads exactly the size we pass; it must cover the members we use and add nothing but zero padding
        // (ProgramLoadAttr's log_true_size, kernel 6.4, sits in what the 6.1 header pads).
        var lasts = Fields.Where(f => f.CType == "union bpf_attr").GroupBy(f => f.Struct)
            .Select(g => (Struct: g.Key, Last: g.MaxBy(f => Marshal.OffsetOf(f.Struct, f.Field).ToInt64())!)).ToArray();
        var c = new StringBuilder();
        foreach (var (_, last) in lasts)
            c.AppendLine($"printf(\"%zu\\n\", (size_t)offsetof(union bpf_attr, {last.CMember}) + sizeof(((union bpf_attr *)0)->{last.CMember}));");
        var lines = RunC(c.ToString());
        for (int i = 0; i < lasts.Length; i++)
        {
            int end = int.Parse(lines[i]);
            int size = Marshal.SizeOf(lasts[i].Struct);
            Assert.InRange(size, end, (end + 7) / 8 * 8);
        }
    }

    [Fact]
    public void Info_structs_have_the_header_size()
    {
        var lines = RunC(string.Concat(WholeStructs.Select(s => $"printf(\"%zu\\n\", sizeof({s.CType}));\n")));
        for (int i = 0; i < WholeStructs.Length; i++)
            Assert.Equal(int.Parse(lines[i]), Marshal.SizeOf(WholeStructs[i].Struct));
    }

    [Fact]
    public void Enum_values_are_the_header_values()
    {
        var named = UapiEnums.SelectMany(UapiNames).Where(n => Regex.IsMatch(header.Value, $@"\b{n.Name}\b")).ToArray();
        Assert.True(named.Length > 150, $"only {named.Length} enum members name a constant of the header");
        var lines = RunC(string.Concat(named.Select(n => $"printf(\"%llu\\n\", (unsigned long long)({n.Name}));\n")));
        var mismatches = named.Zip(lines).Where(p => p.First.Value != ulong.Parse(p.Second))
            .Select(p => $"{p.First.Member} is {p.First.Value} but {p.First.Name} is {p.Second}").ToArray();
        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("bpf_cmd", typeof(BpfCommand))]
    [InlineData("bpf_map_type", typeof(MapType))]
    [InlineData("bpf_prog_type", typeof(ProgramType))]
    [InlineData("bpf_attach_type", typeof(AttachType))]
    [InlineData("bpf_link_type", typeof(LinkType))]
    public void Every_constant_of_the_header_enum_has_a_member(string cEnum, Type type)
    {
        var body = Regex.Match(header.Value, $@"enum {cEnum} \{{(.*?)\}};", RegexOptions.Singleline).Groups[1].Value;
        var constants = Regex.Matches(body, @"^\s*(BPF_[A-Z0-9_]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value)
            .Where(n => !n.StartsWith("__MAX") && !n.StartsWith("MAX_") && n != "BPF_PROG_RUN");
        var ours = UapiNames(type).Select(n => n.Name).ToHashSet();
        var missing = constants.Where(n => !ours.Contains(n) && !n.EndsWith("_DEPRECATED")).ToArray();
        Assert.True(missing.Length == 0, $"{type.Name} lacks {string.Join(", ", missing)}");
    }

    /// <summary>The uapi constant each member's XML documentation starts with.</summary>
    static IEnumerable<(string Member, string Name, ulong Value)> UapiNames(Type type)
    {
        var docs = XDocument.Load(Path.ChangeExtension(type.Assembly.Location, ".xml"));
        foreach (var member in docs.Descendants("member"))
        {
            var id = (string)member.Attribute("name")!;
            if (!id.StartsWith($"F:{type.FullName}.")) continue;
            var m = Regex.Match(member.Element("summary")?.Value.Trim() ?? "", @"^(BPF_[A-Z0-9_]+)\b");
            if (!m.Success) continue;
            var field = type.GetField(id[(type.FullName!.Length + 3)..], BindingFlags.Public | BindingFlags.Static)!;
            yield return (field.Name, m.Groups[1].Value, Convert.ToUInt64(field.GetValue(null)));
        }
    }

    /// <summary>Compiles and runs a C program whose main body is <paramref name="statements"/>; returns its output lines.</summary>
    static string[] RunC(string statements)
    {
        var compiler = KernelRequirement.RequireCCompiler();
        var dir = Directory.CreateTempSubdirectory("ebpfcat-uapi-").FullName;
        try
        {
            var source = Path.Combine(dir, "layout.c");
            File.WriteAllText(source, $"#include <stddef.h>\n#include <stdio.h>\n#include <linux/bpf.h>\nint main(void) {{\n{statements}return 0;\n}}\n");
            var binary = Path.Combine(dir, "layout");
            var (code, output, error) = ExternalCommand.Run(compiler, "-o", binary, source);
            Assert.True(code == 0, $"{compiler} failed: {error}");
            (code, output, error) = ExternalCommand.Run(binary);
            Assert.True(code == 0, error);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

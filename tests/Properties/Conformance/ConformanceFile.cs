using System.Buffers.Binary;
using System.Globalization;

namespace EbpfCat.Properties.Conformance;

/// <summary>One test of the bpf_conformance suite (a <c>.data</c> file): a header of <c>#</c> comments,
/// then sections each opened by a line <c>-- name</c>: <c>asm</c> (the program, uBPF dialect),
/// <c>mem</c> (hex bytes of the memory the program gets in r1), <c>raw</c> (the expected encoding,
/// one 64-bit slot per line), <c>result</c> (the expected r0), <c>error</c> (an expected failure) and
/// others such as <c>c</c> or <c>no register offset</c>, kept as text.</summary>
public sealed class ConformanceFile
{
    /// <summary>The environment variable that overrides where the suite's <c>.data</c> files are.</summary>
    public const string DirectoryVariable = "EBPFCAT_CONFORMANCE_DIR";

    ConformanceFile(string name, string header, IReadOnlyDictionary<string, string> sections, IReadOnlyDictionary<string, int> firstLines)
    {
        Name = name;
        Header = header;
        Sections = sections;
        FirstLines = firstLines;
    }

    /// <summary>The file name, e.g. <c>add.data</c>.</summary>
    public string Name { get; }

    /// <summary>The comment lines before the first section.</summary>
    public string Header { get; }

    /// <summary>Every section's text by name (without the <c>-- name</c> line).</summary>
    public IReadOnlyDictionary<string, string> Sections { get; }

    /// <summary>The line of the file (from 1) where each section's text begins, to map errors back.</summary>
    public IReadOnlyDictionary<string, int> FirstLines { get; }

    /// <summary>The program, in the uBPF dialect.</summary>
    public string Asm => Section("asm") ?? "";

    /// <summary>The memory given to the program (empty when the file has none).</summary>
    public byte[] Memory => Section("mem") is { } text ? HexBytes(text) : [];

    /// <summary>The expected encoding of <see cref="Asm"/>, or null when the file does not pin it.</summary>
    public byte[]? Raw => Section("raw") is { } text ? RawSlots(text) : null;

    /// <summary>The expected value of r0 at exit, or null when the file expects none.</summary>
    public ulong? Result => Section("result") is { } text && Uncommented(text).FirstOrDefault() is { } value ? ParseNumber(value) : null;

    /// <summary>The expected error, or null when the program should run.</summary>
    public string? Error => Section("error")?.Trim();

    /// <summary>True when the file has a section of that name (some, like <c>no register offset</c>, are flags).</summary>
    public bool Has(string section) => Sections.ContainsKey(section);

    /// <summary>A section's text, or null.</summary>
    public string? Section(string name) => Sections.TryGetValue(name, out var text) ? text : null;

    /// <summary>Reads a conformance file.</summary>
    public static ConformanceFile Load(string path) => Parse(Path.GetFileName(path), File.ReadAllText(path));

    /// <summary>Splits the text of a conformance file into its sections.</summary>
    public static ConformanceFile Parse(string name, string text)
    {
        var header = new List<string>();
        var sections = new Dictionary<string, string>();
        var firstLines = new Dictionary<string, int>();
        string? current = null;
        var body = new List<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("-- ", StringComparison.Ordinal))
            {
                Close();
                current = line[3..].Trim();
                firstLines[current] = i + 2;
            }
            else if (current is null) header.Add(line);
            else body.Add(line);
        }
        Close();
        return new ConformanceFile(name, string.Join('\n', header).Trim(), sections, firstLines);

        void Close()
        {
            if (current is not null) sections[current] = string.Join('\n', body).TrimEnd() + "\n";
            body.Clear();
        }
    }

    /// <summary>The directory with the suite's <c>.data</c> files: <see cref="DirectoryVariable"/>, else
    /// <c>../shared/conformance/tests</c> beside the repository root (or beside one of its parents, which
    /// finds it from a git worktree too); null when it does not exist.</summary>
    public static string? FindDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(configured)) return System.IO.Directory.Exists(configured) ? configured : null;
        for (var dir = RepositoryRoot.Find() is { } root ? new DirectoryInfo(root).Parent : null; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "tests");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The names of the suite's files, sorted, or none when the directory is missing.</summary>
    public static IReadOnlyList<string> FileNames() => FindDirectory() is { } dir
        ? [.. System.IO.Directory.GetFiles(dir, "*.data").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
        : [];

    static IEnumerable<string> Uncommented(string text) => text.Split('\n')
        .Select(l => (l.IndexOf('#') is var hash and >= 0 ? l[..hash] : l).Trim())
        .Where(l => l.Length > 0);

    static byte[] HexBytes(string text) => [.. Uncommented(text)
        .SelectMany(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        .Select(b => byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];

    // Each raw line is one slot printed as a little-endian 64-bit number: opcode in the low byte.
    static byte[] RawSlots(string text)
    {
        var slots = Uncommented(text).Select(ParseNumber).ToArray();
        var bytes = new byte[slots.Length * 8];
        for (int i = 0; i < slots.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), slots[i]);
        return bytes;
    }

    static ulong ParseNumber(string text) => text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        ? ulong.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : unchecked((ulong)long.Parse(text, CultureInfo.InvariantCulture));
}

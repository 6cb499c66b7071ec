namespace EbpfCat.Cli;

/// <summary>How the tool spells enum values on the command line and in its output: kebab case, as in <c>socket-filter</c>.</summary>
internal static class Names
{
    /// <summary><c>PerCpuArray</c> as <c>per-cpu-array</c>.</summary>
    public static string Kebab<T>(T value) where T : struct, Enum => Kebab(value.ToString());

    /// <summary><c>PerCpuArray</c> as <c>per-cpu-array</c>.</summary>
    public static string Kebab(string name)
        => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));

    /// <summary>The value whose name is <paramref name="text"/> in any case, with or without dashes and underscores; null when none is.</summary>
    public static T? Parse<T>(string text) where T : struct, Enum
    {
        var name = text.Replace("-", "").Replace("_", "");
        foreach (var value in Enum.GetValues<T>())
            if (string.Equals(value.ToString(), name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    /// <summary>A kernel object name (15 characters of letters, digits, '_' and '.') made from a file name.</summary>
    public static string ObjectNameOf(string fileName)
        => new([.. Path.GetFileNameWithoutExtension(fileName).Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '_').Take(15)]);
}

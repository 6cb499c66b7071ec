namespace EbpfCat.Loader;

/// <summary>Object names as the kernel accepts them for programs and maps (BPF_OBJ_NAME_LEN, kernel 4.15).</summary>
internal static class ObjectName
{
    /// <summary>BPF_OBJ_NAME_LEN: 15 characters and a terminating zero.</summary>
    internal const int Capacity = 16;

    /// <summary>Checks a name before the kernel sees it, so the error says what is wrong instead of a bare EINVAL.</summary>
    internal static void Validate(string? name, string parameter)
    {
        if (name is null) return;
        if (name.Length >= Capacity)
            throw new ArgumentException($"'{name}' is {name.Length} characters; the kernel keeps at most {Capacity - 1}", parameter);
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
                throw new ArgumentException($"'{name}' contains '{c}'; the kernel accepts only letters, digits, '_' and '.'", parameter);
    }

    /// <summary>A name the kernel accepts made from any text: other characters become '_', and it is cut to 15 characters.</summary>
    internal static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '_').Take(Capacity - 1).ToArray();
        return new string(chars);
    }

    /// <summary>Writes the name, zero-terminated, into a fixed 16-byte attribute field.</summary>
    internal static unsafe void Write(string? name, byte* destination)
    {
        if (name is null) return;
        for (int i = 0; i < name.Length; i++) destination[i] = (byte)name[i];
    }

    /// <summary>Reads a zero-terminated name from a fixed 16-byte info field.</summary>
    internal static unsafe string Read(byte* source)
    {
        var span = new ReadOnlySpan<byte>(source, Capacity);
        int end = span.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end < 0 ? span : span[..end]);
    }
}

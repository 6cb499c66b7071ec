namespace EbpfCat.Interpreter;

/// <summary>The flags of a map update (uapi BPF_ANY, BPF_NOEXIST, BPF_EXIST).</summary>
/// <example><code>map.Update(key, value, InterpreterUpdateFlags.NoExist);  // fails with EEXIST if the key is there</code></example>
public enum InterpreterUpdateFlags : ulong
{
    /// <summary>Create the element or replace it.</summary>
    Any = 0,
    /// <summary>Only create: fail with EEXIST when the key exists.</summary>
    NoExist = 1,
    /// <summary>Only replace: fail with ENOENT when the key does not exist.</summary>
    Exist = 2,
}

namespace EbpfCat.Interpreter;

/// <summary>The kinds of map the interpreter simulates, each with the kernel's semantics (BPF_MAP_TYPE_*).</summary>
/// <example><code>new InterpreterHashMap("flows", keySize: 8, valueSize: 8, maxEntries: 1024).Kind == InterpreterMapKind.Hash</code></example>
public enum InterpreterMapKind
{
    /// <summary>BPF_MAP_TYPE_ARRAY: u32 index keys, every element exists and starts zeroed.</summary>
    Array,
    /// <summary>BPF_MAP_TYPE_HASH: arbitrary keys, elements created by update and removed by delete.</summary>
    Hash,
    /// <summary>BPF_MAP_TYPE_PERCPU_ARRAY: an array with one value per CPU.</summary>
    PerCpuArray,
    /// <summary>BPF_MAP_TYPE_PERCPU_HASH: a hash with one value per CPU.</summary>
    PerCpuHash,
}

namespace EbpfCat.Maps;

/// <summary>How BPF_MAP_UPDATE_ELEM treats an existing element (uapi <c>BPF_ANY</c>, <c>BPF_NOEXIST</c>, <c>BPF_EXIST</c>, <c>BPF_F_LOCK</c>).</summary>
/// <example><code>map.Update(key, value, MapUpdateFlags.NoExist);   // EEXIST if the key is there</code></example>
[Flags]
public enum MapUpdateFlags : ulong
{
    /// <summary>BPF_ANY: create the element or overwrite it.</summary>
    Any = 0,
    /// <summary>BPF_NOEXIST: create only; fails with EEXIST when the key exists.</summary>
    NoExist = 1,
    /// <summary>BPF_EXIST: overwrite only; fails with ENOENT when the key is missing (arrays: always exist).</summary>
    Exist = 2,
    /// <summary>BPF_F_LOCK: take the value's bpf_spin_lock while copying (kernel 5.1; needs BTF).</summary>
    Lock = 4,
}

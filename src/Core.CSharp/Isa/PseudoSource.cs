namespace EbpfCat.Isa;

/// <summary>The source-register field of a 64-bit immediate load (<c>lddw</c>): what the
/// kernel makes of the immediate (uapi BPF_PSEUDO_*).</summary>
/// <example><code>Instruction.LoadMapValue(Register.R1, mapFd, 8)  // PseudoSource.MapValue</code></example>
public enum PseudoSource : byte
{
    /// <summary>A plain 64-bit constant.</summary>
    None = 0,
    /// <summary>BPF_PSEUDO_MAP_FD: the immediate is a map file descriptor; the kernel substitutes the map's address.</summary>
    MapFd = 1,
    /// <summary>BPF_PSEUDO_MAP_VALUE: low half a map fd, high half an offset; the kernel substitutes the address of the value (kernel 5.2).</summary>
    MapValue = 2,
    /// <summary>BPF_PSEUDO_BTF_ID: the immediate is a BTF id of a kernel variable (kernel 5.10).</summary>
    BtfId = 3,
    /// <summary>BPF_PSEUDO_FUNC: the immediate is an instruction offset of a local function (kernel 5.13).</summary>
    Function = 4,
    /// <summary>BPF_PSEUDO_MAP_IDX: like MapFd, with an index into the fd array given at load time (kernel 5.14).</summary>
    MapIndex = 5,
    /// <summary>BPF_PSEUDO_MAP_IDX_VALUE: like MapValue, with an index into the fd array (kernel 5.14).</summary>
    MapIndexValue = 6,
}

/// <summary>The source-register field of a call: what the immediate names.</summary>
/// <example><code>Instruction.Call(HelperId.MapLookupElem)  // CallKind.Helper</code></example>
public enum CallKind : byte
{
    /// <summary>A kernel helper by number.</summary>
    Helper = 0,
    /// <summary>BPF_PSEUDO_CALL: a bpf-to-bpf call; the immediate is the offset of the callee relative to the next instruction.</summary>
    Local = 1,
    /// <summary>BPF_PSEUDO_KFUNC_CALL: a kernel function by BTF id (kernel 5.13).</summary>
    KernelFunction = 2,
}

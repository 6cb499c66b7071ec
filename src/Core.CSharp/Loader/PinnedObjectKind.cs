namespace EbpfCat.Loader;

/// <summary>The kinds of BPF object a bpffs pin can hold.</summary>
/// <example><code>catch (PinnedObjectKindException e) when (e.Actual == PinnedObjectKind.Map) { using var map = BpfMap.OpenPinned(e.Path); }</code></example>
public enum PinnedObjectKind
{
    /// <summary>Something else (BTF, or a kind this library does not know).</summary>
    Other,
    /// <summary>A program.</summary>
    Program,
    /// <summary>A map.</summary>
    Map,
    /// <summary>A link.</summary>
    Link,
}

namespace EbpfCat.Mir;

/// <summary>Marks where <see cref="Label"/> points.</summary>
/// <example><code>MirItem item = new MirLabelMark(new MirLabel(0));</code></example>
public readonly record struct MirLabelMark(MirLabel Label)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Label}:";
}

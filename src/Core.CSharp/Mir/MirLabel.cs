namespace EbpfCat.Mir;

/// <summary>A jump target in MIR; emission turns it into a relative offset.</summary>
/// <example><code>var loop = new MirLabel(3); MirItem mark = new MirLabelMark(loop);</code></example>
public readonly record struct MirLabel(int Id)
{
    /// <inheritdoc/>
    public override string ToString() => $"L{Id}";
}

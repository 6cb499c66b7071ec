namespace EbpfCat.Mir;

/// <summary>A jump target in MIR; emission turns it into a relative offset.</summary>
public sealed record MirLabel(int Id)
{
    /// <inheritdoc/>
    public override string ToString() => $"L{Id}";
}

namespace EbpfCat.Ir;

/// <summary>A local variable of the program: lives in a register or a stack slot, chosen by register allocation.</summary>
/// <remarks>Locals compare by identity (<see cref="Id"/>), not by name: two locals may share a name.</remarks>
/// <example><code>var n = new Local(1, "n", IrType.I64);</code></example>
public sealed record Local(int Id, string Name, IrType Type)
{
    /// <inheritdoc/>
    public override string ToString() => $"%{Name}.{Id}:{Type}";
}

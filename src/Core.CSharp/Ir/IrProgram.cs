namespace EbpfCat.Ir;

/// <summary>A whole program in IR: its name, license, maps and body; the input of the pass pipeline.</summary>
/// <example><code>var program = new IrProgram("count", "GPL", [globals], body);</code></example>
public sealed record IrProgram(string Name, string License, EquatableArray<MapDeclaration> Maps, Block Body)
{
    /// <summary>The same program with another body; this very instance when the body is unchanged.</summary>
    public IrProgram WithBody(Block body) => ReferenceEquals(body, Body) ? this : this with { Body = body };

    /// <summary>The program as indented text (<see cref="IrPrinter"/>).</summary>
    public override string ToString() => IrPrinter.Print(this);
}

namespace EbpfCat.Properties.AssemblerTests;

/// <summary>Bytes written as space-separated hex pairs, as llvm-mc prints encodings, so tables read like tool output.</summary>
static class Hex
{
    /// <summary>"07 01 00 00" back to the same canonical spelling (lower case, single spaces).</summary>
    public static string Parse(string hex) => Format(Convert.FromHexString(hex.Replace(" ", "")));

    /// <summary>The bytes as lower-case hex pairs separated by spaces.</summary>
    public static string Format(byte[] bytes) => string.Join(' ', bytes.Select(b => b.ToString("x2")));
}

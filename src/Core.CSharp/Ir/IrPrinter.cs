using System.Text;

namespace EbpfCat.Ir;

/// <summary>Prints IR as indented text, for the per-pass dumps and for readable test failures.</summary>
/// <example><code>
/// Console.WriteLine(IrPrinter.Print(program));
/// // program count (GPL)
/// // map globals: Array key 4 value 16 entries 1
/// //   globals.count += 1:i64 (atomic)
/// //   exit 2:i64
/// </code></example>
public static class IrPrinter
{
    /// <summary>The whole program: header, maps, body.</summary>
    public static string Print(IrProgram program)
    {
        var text = new StringBuilder();
        text.Append("program ").Append(program.Name).Append(" (").Append(program.License).Append(")\n");
        foreach (var map in program.Maps) text.Append(map).Append('\n');
        Statements(text, program.Body, 1);
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>One statement and what it contains.</summary>
    public static string Print(Stmt statement)
    {
        var text = new StringBuilder();
        Statement(text, statement, 0);
        return text.ToString().TrimEnd('\n');
    }

    static void Statements(StringBuilder text, Block block, int depth)
    {
        foreach (var s in block.Statements) Statement(text, s, depth);
    }

    static void Statement(StringBuilder text, Stmt s, int depth)
    {
        var indent = new string(' ', 2 * depth);
        switch (s)
        {
            case Block b:
                Statements(text, b, depth);
                break;
            case If i:
                text.Append(indent).Append("if ").Append(i.Condition).Append('\n');
                Statements(text, i.Then, depth + 1);
                if (!i.Else.IsEmpty)
                {
                    text.Append(indent).Append("else\n");
                    Statements(text, i.Else, depth + 1);
                }
                break;
            default:
                text.Append(indent).Append(s).Append('\n');
                break;
        }
    }
}

using EbpfCat.Ir;

namespace EbpfCat.Properties.Support;

/// <summary>Every statement and every expression node of a program, for tests that look at what the builder or a
/// generator made.</summary>
public static class IrWalk
{
    /// <summary><paramref name="s"/> and, through blocks and both arms of an if, the statements inside it (blocks
    /// themselves are not listed).</summary>
    public static IEnumerable<Stmt> Statements(Stmt s) => s switch
    {
        Block b => b.Statements.SelectMany(Statements),
        If i => [i, .. Statements(i.Then), .. Statements(i.Else)],
        _ => [s],
    };

    /// <summary><paramref name="e"/> and every node below it through operators (binary, comparison, logical, not);
    /// other nodes are listed as leaves.</summary>
    public static IEnumerable<Expr> Nodes(Expr e) => e switch
    {
        Binary b => [e, .. Nodes(b.Left), .. Nodes(b.Right)],
        Compare c => [e, .. Nodes(c.Left), .. Nodes(c.Right)],
        Logical l => [e, .. Nodes(l.Left), .. Nodes(l.Right)],
        Not n => [e, .. Nodes(n.Operand)],
        _ => [e],
    };
}

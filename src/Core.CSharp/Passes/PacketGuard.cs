using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>A comparison of the packet length with a constant, read as what it proves: how many
/// bytes are there when the condition holds (<see cref="WhenTrue"/>) or when it fails.</summary>
/// <remarks>The one place that recognises guards: the bounds check uses it to prove packet accesses,
/// instruction selection to emit the pointer comparison the kernel verifier follows.</remarks>
/// <example><code>PacketGuard.TryMatch(len &gt; 13, out var g) // g.Bytes == 14, g.WhenTrue</code></example>
public readonly record struct PacketGuard(long Bytes, bool WhenTrue)
{
    /// <summary>Recognises <c>length &gt; N</c>, <c>&gt;= N</c>, <c>&lt; N</c>, <c>&lt;= N</c>, with the constant on either side.</summary>
    public static bool TryMatch(Expr condition, out PacketGuard guard)
    {
        guard = default;
        if (condition is not Compare c) return false;
        var (op, n) = c switch
        {
            { Left: PacketLength, Right: Constant k } => (c.Operator, k.Value),
            { Left: Constant k, Right: PacketLength } => (c.Operator.Mirrored(), k.Value),
            _ => (CompareOperator.Equal, -1L),
        };
        if (n is < 0 or > 0xffff) return false;
        switch (op)
        {
            case CompareOperator.Greater: guard = new(n + 1, true); return true;
            case CompareOperator.GreaterOrEqual: guard = new(n, true); return true;
            case CompareOperator.Less: guard = new(n, false); return true;
            case CompareOperator.LessOrEqual: guard = new(n + 1, false); return true;
            default: return false;
        }
    }

    /// <summary>The conjuncts of <paramref name="condition"/> (<c>a and b and c</c>), left to right.</summary>
    public static IEnumerable<Expr> Conjuncts(Expr condition)
    {
        if (condition is Logical { IsAnd: true } and)
        {
            foreach (var e in Conjuncts(and.Left)) yield return e;
            foreach (var e in Conjuncts(and.Right)) yield return e;
        }
        else yield return condition;
    }
}

using EbpfCat.Diagnostics;
using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>Pass: proves, the way the kernel verifier will, that every packet access lies inside the
/// bytes a dominating packet-size guard established, and reports each one that does not with the
/// user's source location — so the kernel never sees a program it would reject for that reason.</summary>
/// <remarks>
/// A guard holds where the verifier knows it: in the rest of an <c>and</c> chain and the then-branch
/// after <c>length &gt;= N</c> (or <c>&gt; N</c>); in the else-branch of <c>length &lt; N</c>; and in the rest of
/// the enclosing block after <c>if (length &lt; N) { ... exit }</c>. Nested guards take the largest size.
/// The packet length itself can only be compared with a constant: the verifier forbids arithmetic on
/// the end-of-packet pointer, so any other use is reported too.
/// </remarks>
/// <example><code>IReadOnlyList&lt;Diagnostic&gt; problems = BoundsCheck.Run(program);</code></example>
public sealed class BoundsCheck
{
    readonly List<Diagnostic> diagnostics = [];

    /// <summary>The diagnostics for <paramref name="program"/>; empty when every access is proven.</summary>
    public static IReadOnlyList<Diagnostic> Run(IrProgram program)
    {
        var check = new BoundsCheck();
        check.Block(program.Body, 0);
        return check.diagnostics;
    }

    /// <summary>Checks a block; returns the bytes guarded after it (early-exit guards extend to the rest of the block).</summary>
    void Block(Block block, long guarded)
    {
        foreach (var s in block.Statements)
            guarded = Statement(s, guarded);
    }

    long Statement(Stmt s, long guarded)
    {
        switch (s)
        {
            case Block b:
                Block(b, guarded);
                return guarded;
            case Assign a:
                Expression(a.Target, guarded);
                Expression(a.Value, guarded);
                return guarded;
            case AtomicAdd a:
                Expression(a.Target, guarded);
                Expression(a.Value, guarded);
                return guarded;
            case Exit x:
                Expression(x.Value, guarded);
                return guarded;
            case Evaluate e:
                Expression(e.Expression, guarded);
                return guarded;
            case If i:
                return If(i, guarded);
            default:
                return guarded;
        }
    }

    long If(If node, long guarded)
    {
        var conjuncts = PacketGuard.Conjuncts(node.Condition).ToList();
        if (conjuncts.Count == 1 && PacketGuard.TryMatch(conjuncts[0], out var negative) && !negative.WhenTrue)
        {
            Block(node.Then, guarded);
            var covered = Math.Max(guarded, negative.Bytes);
            Block(node.Else, covered);
            return AlwaysExits(node.Then) ? covered : guarded;
        }
        long inside = guarded;
        foreach (var c in conjuncts)
        {
            if (PacketGuard.TryMatch(c, out var g) && g.WhenTrue) inside = Math.Max(inside, g.Bytes);
            else Expression(c, inside);
        }
        Block(node.Then, inside);
        Block(node.Else, guarded);
        return guarded;
    }

    /// <summary>True when every path through the statement ends in exit.</summary>
    public static bool AlwaysExits(Stmt s) => s switch
    {
        Exit => true,
        Block b => b.Statements.Any(AlwaysExits),
        If i => AlwaysExits(i.Then) && AlwaysExits(i.Else),
        _ => false,
    };

    void Expression(Expr e, long guarded)
    {
        switch (e)
        {
            case PacketField p:
                if (p.Index is not null)
                    Report(DiagnosticIds.UnguardedPacketAccess, p.Location, "packet fields at computed offsets are not supported yet; use a constant offset");
                else if (p.End > guarded)
                    Report(DiagnosticIds.UnguardedPacketAccess, p.Location,
                        guarded == 0
                            ? $"packet bytes {p.Offset}..{p.End - 1} are accessed outside any packet-size guard; put the access inside a check that the packet length is at least {p.End}"
                            : $"packet bytes {p.Offset}..{p.End - 1} are accessed, but the enclosing guard only covers the first {guarded} bytes; guard a packet length of at least {p.End}");
                break;
            case PacketLength:
                Report(DiagnosticIds.PacketLengthUse, e.Location, "the packet length can only be compared with a constant (the kernel forbids arithmetic on the end-of-packet pointer)");
                break;
            case Binary b: Expression(b.Left, guarded); Expression(b.Right, guarded); break;
            case Unary u: Expression(u.Operand, guarded); break;
            case Ir.Conversion c: Expression(c.Operand, guarded); break;
            case Compare c when PacketGuard.TryMatch(c, out _): break; // a guard used as a plain condition proves nothing but is harmless
            case Compare c: Expression(c.Left, guarded); Expression(c.Right, guarded); break;
            case Logical l: Expression(l.Left, guarded); Expression(l.Right, guarded); break;
            case Not n: Expression(n.Operand, guarded); break;
            case HelperCall h: foreach (var a in h.Arguments) Expression(a, guarded); break;
        }
    }

    void Report(string id, SourceLocation at, string message) => diagnostics.Add(new Diagnostic(id, Severity.Error, at, message));
}

using System.Collections.Immutable;
using EbpfCat.Diagnostics;
using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>Pass: proves, the way the kernel verifier will, that every packet access lies inside the
/// bytes a dominating packet-size guard established and that every map value is reached through a
/// pointer checked against null, and reports each access that is not proven with the user's source
/// location — so the kernel never sees a program it would reject for that reason.</summary>
/// <remarks>
/// A guard holds where the verifier knows it: in the rest of an <c>and</c> chain and the then-branch
/// after <c>length &gt;= N</c> (or <c>&gt; N</c>); in the else-branch of <c>length &lt; N</c>; and in the rest of
/// the enclosing block after <c>if (length &lt; N) { ... exit }</c>. Nested guards take the largest size.
/// A guard may also count from a computed offset held in a local (<c>length &gt;= ihl + 20</c>): it covers
/// fields at <c>ihl + k</c> while the local keeps its value, provided the local's largest value is known from
/// how it was computed (narrow loads, masks, shifts, as the verifier also tracks them); the largest offset
/// plus the guarded bytes must stay within the verifier's 64 KiB packet range.
/// The packet length itself can only be compared with a constant or such a sum: the verifier forbids
/// arithmetic on the end-of-packet pointer, so any other use is reported too.
/// A map lookup's pointer lives in a local; it is known not to be null in the same places a guard
/// would hold: after <c>p != null</c> (also in an <c>and</c> chain), in the else-branch of <c>p == null</c>,
/// and after <c>if (p == null) { ... exit }</c>; assigning the local forgets what was known.
/// </remarks>
/// <example><code>IReadOnlyList&lt;Diagnostic&gt; problems = BoundsCheck.Run(program);</code></example>
public sealed class BoundsCheck
{
    readonly List<Diagnostic> diagnostics = [];

    /// <summary>The diagnostics for <paramref name="program"/>; empty when every access is proven.</summary>
    public static IReadOnlyList<Diagnostic> Run(IrProgram program)
    {
        var check = new BoundsCheck();
        check.Block(program.Body, Facts.None);
        return check.diagnostics;
    }

    /// <summary>What the verifier knows at a point: the packet bytes guarded from the start, the bytes guarded
    /// from each offset local, the largest value of each local, and the pointer locals that are not null.</summary>
    readonly record struct Facts(long Guarded, ImmutableDictionary<int, long> FromLocal, ImmutableDictionary<int, long> Bounds, ImmutableHashSet<int> NonNull)
    {
        public static readonly Facts None = new(0, ImmutableDictionary<int, long>.Empty, ImmutableDictionary<int, long>.Empty, []);
        public Facts Covering(PacketGuard g) => g.Index is { } local
            ? this with { FromLocal = FromLocal.SetItem(local.Id, Math.Max(FromLocal.GetValueOrDefault(local.Id), g.Bytes)) }
            : this with { Guarded = Math.Max(Guarded, g.Bytes) };
        public Facts Knowing(int local) => this with { NonNull = NonNull.Add(local) };
        public Facts Assigned(int local, long? bound) => new(Guarded, FromLocal.Remove(local),
            bound is { } b ? Bounds.SetItem(local, b) : Bounds.Remove(local), NonNull.Remove(local));
        public Facts Forgetting(IEnumerable<int> locals) => locals.Aggregate(this, (f, l) => f.Assigned(l, null));
        public static implicit operator long(Facts f) => f.Guarded;
    }

    /// <summary>Checks a block (facts established by early exits extend to the rest of the block).</summary>
    void Block(Block block, Facts facts)
    {
        foreach (var s in block.Statements)
            facts = Statement(s, facts);
    }

    Facts Statement(Stmt s, Facts guarded)
    {
        switch (s)
        {
            case Block b:
                Block(b, guarded);
                return guarded;
            case Assign a:
                Expression(a.Target, guarded);
                Expression(a.Value, guarded);
                return a.Target is LocalRef l ? guarded.Assigned(l.Local.Id, ValueRange.Max(a.Value, guarded.Bounds)) : guarded;
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

    Facts If(If node, Facts facts)
    {
        // what either branch assigns is unknown afterwards
        var assigned = AssignedLocals(node.Then).Concat(AssignedLocals(node.Else)).ToList();
        var conjuncts = PacketGuard.Conjuncts(node.Condition).ToList();
        if (conjuncts.Count == 1 && Negative(conjuncts[0], facts, node.Location) is { } otherwise)
        {
            // if (length < N) / if (p == null): what the condition denies holds in the else-branch,
            // and after a then-branch that always exits, in the rest of the block
            if (!PacketGuard.TryMatch(conjuncts[0], out _)) Expression(conjuncts[0], facts);
            Block(node.Then, facts);
            Block(node.Else, otherwise);
            return (AlwaysExits(node.Then) ? otherwise : facts).Forgetting(assigned);
        }
        var inside = facts;
        foreach (var c in conjuncts)
        {
            if (PacketGuard.TryMatch(c, out var g) && g.WhenTrue) inside = Guard(g, inside, node.Location);
            else
            {
                Expression(c, inside);
                if (NullCheck(c) is (var local, true)) inside = inside.Knowing(local);
            }
        }
        Block(node.Then, inside);
        Block(node.Else, facts);
        return facts.Forgetting(assigned);
    }

    /// <summary>The facts that hold where <paramref name="condition"/> fails, when it is a negative guard or a null test.</summary>
    Facts? Negative(Expr condition, Facts facts, SourceLocation at)
    {
        if (PacketGuard.TryMatch(condition, out var g) && !g.WhenTrue) return Guard(g, facts, at);
        if (NullCheck(condition) is (var local, false)) return facts.Knowing(local);
        return null;
    }

    /// <summary>What a guard adds to the facts; a guard from an offset local whose largest value is unknown, or too
    /// large, is reported at its if (the verifier would refuse the pointer arithmetic), once: the accesses it
    /// would cover are not reported again.</summary>
    Facts Guard(PacketGuard g, Facts facts, SourceLocation at)
    {
        if (g.Index is not { } local) return facts.Covering(g);
        if (facts.Bounds.GetValueOrDefault(local.Id, -1) is var max && max < 0)
        {
            Report(DiagnosticIds.UnboundedPacketOffset, at,
                $"the packet offset '{local.Name}' has no known upper bound, so the kernel cannot check the access; compute it so its range is clear, e.g. (Packet.B[14] & 0x0f) * 4");
            return facts.Covering(g);
        }
        if (max + g.Bytes > PacketGuard.MaxBytes)
        {
            Report(DiagnosticIds.UnboundedPacketOffset, at,
                $"the packet offset '{local.Name}' can be up to {max}, and {max} + {g.Bytes} guarded bytes is past the {PacketGuard.MaxBytes} bytes the kernel tracks in a packet");
            return facts.Covering(g);
        }
        return facts.Covering(g);
    }

    /// <summary>The locals a statement assigns anywhere inside it.</summary>
    static IEnumerable<int> AssignedLocals(Stmt s) => s switch
    {
        Assign { Target: LocalRef l } => [l.Local.Id],
        Block b => b.Statements.SelectMany(AssignedLocals),
        If i => AssignedLocals(i.Then).Concat(AssignedLocals(i.Else)),
        _ => [],
    };

    /// <summary>Recognises <c>p != null</c> (true: p is not null when it holds) and <c>p == null</c> (false).</summary>
    static (int Local, bool NonNullWhenTrue)? NullCheck(Expr condition) => condition switch
    {
        Compare { Operator: CompareOperator.NotEqual or CompareOperator.Equal, Left: LocalRef { Type: PointerType } p, Right: Constant { Value: 0 } } c
            => (p.Local.Id, c.Operator == CompareOperator.NotEqual),
        Compare { Operator: CompareOperator.NotEqual or CompareOperator.Equal, Left: Constant { Value: 0 }, Right: LocalRef { Type: PointerType } p } c
            => (p.Local.Id, c.Operator == CompareOperator.NotEqual),
        _ => null,
    };

    /// <summary>True when every path through the statement ends in exit.</summary>
    public static bool AlwaysExits(Stmt s) => s switch
    {
        Exit => true,
        Block b => b.Statements.Any(AlwaysExits),
        If i => AlwaysExits(i.Then) && AlwaysExits(i.Else),
        _ => false,
    };

    void Expression(Expr e, Facts guarded)
    {
        switch (e)
        {
            case PacketField { Index: LocalRef offset } p:
                long fromLocal = guarded.FromLocal.GetValueOrDefault(offset.Local.Id);
                if (p.Offset < 0 || p.End > fromLocal)
                    Report(DiagnosticIds.UnguardedPacketAccess, p.Location, fromLocal == 0
                        ? $"packet bytes {offset.Local.Name} + {p.Offset}..{p.End - 1} are accessed outside any guard from '{offset.Local.Name}'; put the access inside a check that the packet length is at least {offset.Local.Name} + {p.End} (and do not change '{offset.Local.Name}' in between)"
                        : $"packet bytes {offset.Local.Name} + {p.Offset}..{p.End - 1} are accessed, but the enclosing guard only covers {offset.Local.Name} + {fromLocal} bytes; guard a packet length of at least {offset.Local.Name} + {p.End}");
                break;
            case PacketField { Index: { } index } p:
                Report(DiagnosticIds.UnguardedPacketAccess, p.Location, $"a computed packet offset must be held in a local ('{index}' is not one), so a guard can cover it");
                break;
            case PacketField p:
                if (p.End > guarded)
                    Report(DiagnosticIds.UnguardedPacketAccess, p.Location,
                        guarded == 0
                            ? $"packet bytes {p.Offset}..{p.End - 1} are accessed outside any packet-size guard; put the access inside a check that the packet length is at least {p.End}"
                            : $"packet bytes {p.Offset}..{p.End - 1} are accessed, but the enclosing guard only covers the first {guarded.Guarded} bytes; guard a packet length of at least {p.End}");
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
            case MapValueField { Pointer: LocalRef p } f:
                if (!guarded.NonNull.Contains(p.Local.Id))
                    Report(DiagnosticIds.UncheckedMapLookup, f.Location,
                        $"'{p.Local.Name}' may be null (the key may be missing): check it first, e.g. If(entry.Found, ...), or exit when it is null");
                break;
            case MapValueField f:
                Report(DiagnosticIds.UncheckedMapLookup, f.Location, "a map lookup is used without a null check; keep its pointer in a local and check it against null first");
                Expression(f.Pointer, guarded);
                break;
            case MapLookup l: Expression(l.Key, guarded); break;
            case MapUpdate u: Expression(u.Key, guarded); Expression(u.Value, guarded); break;
            case MapDelete d: Expression(d.Key, guarded); break;
        }
    }

    void Report(string id, SourceLocation at, string message) => diagnostics.Add(new Diagnostic(id, Severity.Error, at, message));
}

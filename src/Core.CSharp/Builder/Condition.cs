using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>A condition inside an eBPF program being built: a comparison, or conditions combined with
/// <c>&amp;</c> (and), <c>|</c> (or) and <c>!</c> (not), each short-circuiting in the program.</summary>
/// <remarks>C#'s <c>&amp;&amp;</c>, <c>||</c> and <c>if</c> need a host-side truth value, which a condition in
/// the kernel does not have, so they do not compile: use <c>&amp;</c>, <c>|</c> and <c>If(...)</c>.</remarks>
/// <example><code>If(PacketSize >= 14 &amp; !(Packet.H[12] == 8), () => Other += 1);</code></example>
public sealed class Condition
{
    internal Condition(Expr expr) => Ir = expr;

    internal Expr Ir { get; }

    static SourceLocation Here => CallSite.OfOperatorCaller();

    /// <summary>Both conditions (the right one is evaluated only when the left one holds).</summary>
    public static Condition operator &(Condition a, Condition b) => new(new Logical(true, a.Ir, b.Ir, Here));
    /// <summary>Either condition (the right one is evaluated only when the left one fails).</summary>
    public static Condition operator |(Condition a, Condition b) => new(new Logical(false, a.Ir, b.Ir, Here));
    /// <summary>The opposite condition.</summary>
    public static Condition operator !(Condition a) => new(new Not(a.Ir, Here));

    /// <summary>The IR text of the condition.</summary>
    public override string ToString() => Ir.ToString();
}

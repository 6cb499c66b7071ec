using System.Runtime.CompilerServices;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>What follows an <c>If(...)</c>: an <see cref="Else"/> branch or another condition.</summary>
/// <example><code>
/// If(Packet.H[12] == 8, () => Ipv4 += 1)
///     .ElseIf(Packet.H[12] == 0xdd86, () => Ipv6 += 1)
///     .Else(() => Other += 1);
/// </code></example>
public readonly struct ElseClause
{
    readonly BuildContext context;
    readonly If[] chain; // the outer If first, each later one in the else-branch of the one before

    internal ElseClause(BuildContext context, If[] chain)
    {
        this.context = context;
        this.chain = chain;
    }

    /// <summary>The branch taken when no condition of the chain holds.</summary>
    public void Else(Action otherwise, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = CallSite.Of(file, line);
        Replace(chain[^1] with { Else = context.Capture(otherwise, at) }, chain.Length - 1);
    }

    /// <summary>Another condition, tried when the ones before fail.</summary>
    public ElseClause ElseIf(Condition condition, Action then, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = CallSite.Of(file, line);
        var inner = new If(Variable.Located(condition.Ir, at), context.Capture(then, at), Block.Empty(at), at);
        var rebuilt = Replace(chain[^1] with { Else = new Block([inner], at) }, chain.Length - 1);
        return new ElseClause(context, [.. rebuilt, inner]);
    }

    /// <summary>Puts <paramref name="changed"/> at <paramref name="depth"/> of the chain and rebuilds the Ifs around it.</summary>
    If[] Replace(If changed, int depth)
    {
        if (!ReferenceEquals(context.Last, chain[0])) throw new InvalidOperationException("Else and ElseIf must directly follow their If");
        var rebuilt = (If[])chain.Clone();
        rebuilt[depth] = changed;
        for (int d = depth - 1; d >= 0; d--)
            rebuilt[d] = rebuilt[d] with { Else = new Block([rebuilt[d + 1]], rebuilt[d].Else.Location) };
        context.ReplaceLast(rebuilt[0]);
        return rebuilt;
    }
}

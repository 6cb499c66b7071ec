using System.Runtime.CompilerServices;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>Something a program can assign to: a local, a map variable or a packet field.</summary>
/// <example><code>
/// Total.Set(Total + Packet.H[16]);
/// Count += 1;
/// </code></example>
public abstract class Variable : Expression
{
    private protected Variable() { }

    /// <summary><c>variable = value</c> in the program being built.</summary>
    public void Set(Expression value, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var context = BuildContext.Require($"{this}.Set(...)");
        var at = CallSite.Of(file, line);
        context.Add(new Assign(Located(ToIr(), at), Located(value.ToIr(), at), at));
    }

    /// <summary><c>variable += value</c>: in a program an atomic add for map variables, a plain add for locals.</summary>
    public void operator +=(Expression value) => Add(value, CallSite.OfOperatorCaller());

    /// <summary><c>variable -= value</c>: adds the negated value, atomically like <c>+=</c>.</summary>
    public void operator -=(Expression value)
    {
        var at = CallSite.OfOperatorCaller();
        Add(Of(new Unary(UnaryOperator.Negate, value.ToIr(), at)), at);
    }

    /// <summary><c>+=</c> at a location another front end (the F# one) knows; the same checks as the operator.</summary>
    internal void AddAt(Expression value, SourceLocation at) => Add(value, at);

    /// <summary>What <c>+=</c> means for this kind of variable; in the program it is an add statement.</summary>
    private protected virtual void Add(Expression value, SourceLocation at)
    {
        var context = BuildContext.Require($"{this} += ...");
        context.Add(new AtomicAdd(Located(ToIr(), at), Located(value.ToIr(), at), at));
    }

    /// <summary>Nodes built by operators whose call site could not be read get the statement's location.</summary>
    internal static Expr Located(Expr e, SourceLocation at) => at == SourceLocation.Unknown ? e : new LocationFill(at).Rewrite(e);

    sealed class LocationFill(SourceLocation at) : IrRewriter
    {
        protected override Expr Finish(Expr rewritten) => rewritten.Location == SourceLocation.Unknown ? rewritten with { Location = at } : rewritten;
    }
}

/// <summary>A local variable of the program: a register or a stack slot, never seen by user space.</summary>
/// <example><code>var sum = Local(0); for (int i = 0; i &lt; 4; i++) sum.Set(sum + Packet.B[14 + i]);</code></example>
public sealed class LocalVariable : Variable
{
    readonly Local local;

    internal LocalVariable(Local local) => this.local = local;

    internal override Expr ToIr() => new LocalRef(local, SourceLocation.Unknown);

    private protected override void Add(Expression value, SourceLocation at)
    {
        var context = BuildContext.Require($"{local.Name} += ...");
        context.Add(new Assign(ToIr(), Located(new Binary(BinaryOperator.Add, ToIr(), value.ToIr(), at), at), at));
    }
}

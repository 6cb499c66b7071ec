using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>The program being built on this thread: where statements go (a stack of open blocks),
/// which maps its variables live in, and how locals are numbered.</summary>
internal sealed class BuildContext
{
    [ThreadStatic] static BuildContext? current;

    readonly Stack<List<Stmt>> blocks = new();
    int nextLocal;

    BuildContext(EbpfProgram program) => Program = program;

    public EbpfProgram Program { get; }

    public MapLayout Layout { get; } = new();

    /// <summary>The program being built on this thread, if any.</summary>
    public static BuildContext? Current => current;

    /// <summary>The context, or an error saying the call only means something inside <c>Build()</c>.</summary>
    public static BuildContext Require(string what) => current
        ?? throw new InvalidOperationException($"{what} only means something inside an eBPF program's Build(); outside it, use the variable's Value from user space");

    /// <summary>Runs <paramref name="build"/> with a fresh context and returns the statements it added, and the layout.</summary>
    public static (Block Body, MapLayout Layout) Run(EbpfProgram program, Action build, SourceLocation at)
    {
        if (current is not null) throw new InvalidOperationException($"{program.GetType().Name} is built while {current.Program.GetType().Name} is being built; build programs one at a time");
        var context = new BuildContext(program);
        current = context;
        try
        {
            context.blocks.Push([]);
            build();
            return (new Block([.. context.blocks.Pop()], at), context.Layout);
        }
        finally
        {
            current = null;
        }
    }

    public void Add(Stmt statement) => blocks.Peek().Add(statement);

    /// <summary>The statements <paramref name="body"/> adds, as a block.</summary>
    public Block Capture(Action body, SourceLocation at)
    {
        blocks.Push([]);
        try { body(); }
        catch { blocks.Pop(); throw; }
        return new Block([.. blocks.Pop()], at);
    }

    /// <summary>Replaces the last statement of the open block (for <c>Else</c>, which completes the <c>If</c> before it).</summary>
    public Stmt Last => blocks.Peek() is { Count: > 0 } block ? block[^1] : throw new InvalidOperationException("Else must follow an If");

    public void ReplaceLast(Stmt statement) => blocks.Peek()[^1] = statement;

    public Local NewLocal(string name, IrType type) => new(nextLocal++, name, type);
}

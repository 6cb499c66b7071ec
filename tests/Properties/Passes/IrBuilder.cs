using EbpfCat.Ir;

namespace EbpfCat.Properties.Passes;

/// <summary>Terse IR for pass tests: <c>I(3)</c>, <c>X(3.5)</c>, <c>Var(globals, "count")</c>, <c>If(cond, then, else)</c>.</summary>
internal static class IrBuilder
{
    public static readonly SourceLocation At = new("PassTests.cs", 1);
    public static readonly MapDeclaration Globals = new("globals", MapKind.Array, 4, 48, 1);
    public static readonly MapDeclaration Counters = new("counters", MapKind.Hash, 4, 8, 16) { HoldsVariables = true };

    public static SourceLocation Line(int line) => new("PassTests.cs", line);
    public static Constant I(long v) => new(v, IrType.I64, At);
    public static Constant U(long v) => new(v, IrType.U64, At);
    public static Constant X(double v) => new(FixedType.ToRaw(v), IrType.Fixed, At);
    public static Constant True => new(1, IrType.Bool, At);
    public static Constant False => new(0, IrType.Bool, At);
    public static MapVariableRef Var(string name, IrType type, int offset) => new(new MapVariable(Globals, name, type, offset, 0), At);
    public static MapVariableRef HashVar(string name, long key, IrType? type = null) => new(new MapVariable(Counters, name, type ?? IrType.I64, 0, key), At);
    public static LocalRef L(int id, IrType type, string? name = null) => new(new Local(id, name ?? $"l{id}", type), At);
    public static PacketField Field(int offset, IntType type, bool network = false) => new(null, offset, type, network, At);
    public static PacketLength Length => new(At);
    public static Binary Op(BinaryOperator op, Expr l, Expr r) => new(op, l, r, At);
    public static Unary Op(UnaryOperator op, Expr e) => new(op, e, At);
    public static Compare Cmp(CompareOperator op, Expr l, Expr r) => new(op, l, r, At);
    public static Logical And(Expr l, Expr r) => new(true, l, r, At);
    public static Logical Or(Expr l, Expr r) => new(false, l, r, At);
    public static Not Not(Expr e) => new(e, At);
    public static Conversion To(IrType t, Expr e) => new(e, t, At);
    public static Assign Set(Expr target, Expr value, SourceLocation? at = null) => new(target, value, at ?? At);
    public static AtomicAdd Add(Expr target, Expr value, SourceLocation? at = null) => new(target, value, at ?? At);
    public static Exit Exit(Expr value) => new(value, At);
    public static Exit Exit(long value) => new(I(value), At);
    public static Block Block(params Stmt[] statements) => new([.. statements], At);
    public static If If(Expr condition, Block then, Block? otherwise = null) => new(condition, then, otherwise ?? Block(), At);
    public static IrProgram Program(params Stmt[] body) => new("test", "GPL", [Globals, Counters], Block(body));
}

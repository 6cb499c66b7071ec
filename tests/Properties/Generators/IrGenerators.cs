using System.Collections.Immutable;
using EbpfCat.Ir;
using EbpfCat.Ir.Evaluation;
using EbpfCat.Passes;
using FsCheck;
using FsCheck.Fluent;

namespace EbpfCat.Properties.Generators;

/// <summary>A random program with the input it runs on: a packet and the maps' contents before the run.</summary>
public sealed record IrCase(IrProgram Program, byte[] Packet, MapState Maps)
{
    /// <summary>The program as text, then the packet and the maps, for readable counterexamples.</summary>
    public override string ToString() => $"\n{Program}\npacket ({Packet.Length} bytes) {System.Convert.ToHexString(Packet)}\n{Maps}";
}

/// <summary>FsCheck generators of random well-typed IR programs, every one passing the type check and the
/// bounds check: locals assigned before use, array-map variables of every format and hash-map variables,
/// integer and fixed-point arithmetic of every operator (fixed-point magnitudes kept where nothing
/// overflows), conditions with and/or/not, nested if/else, packet guards of every form with packet reads and
/// writes inside them, atomic adds, early exits, and programs with more live values than registers.</summary>
/// <remarks>Use <see cref="Cases"/> (with shrinking) in properties; shrinking drops statements, flattens ifs,
/// and replaces expressions with their operands or constants, keeping only programs that still check.</remarks>
public static class IrGenerators
{
    static readonly SourceLocation At = new("generated", 1);

    /// <summary>The array map holding one variable of every format (and a second fixed-point one).</summary>
    public static readonly MapDeclaration Globals = new("globals", MapKind.Array, 4, 48, 1);

    /// <summary>The hash map; its variables are 8 bytes behind keys 1, 2 and 3.</summary>
    public static readonly MapDeclaration Counters = new("counters", MapKind.Hash, 4, 8, 16) { HoldsVariables = true };

    static readonly int[] Offsets = [0, 2, 4, 8, 16, 18, 20, 24, 32];

    /// <summary>The array-map variables: B H I Q b h i q x at their natural alignment, and x2.</summary>
    public static readonly ImmutableArray<MapVariable> ArrayVariables =
    [
        .. "BHIQbhiqx".Select((f, i) => new MapVariable(Globals, f.ToString(), IrType.FromFormat(f), Offsets[i], 0)),
        new MapVariable(Globals, "x2", IrType.Fixed, 40, 0),
    ];

    /// <summary>The hash-map variables: q, Q and x behind keys 1, 2 and 3.</summary>
    public static readonly ImmutableArray<MapVariable> HashVariables =
    [
        new(Counters, "hq", IrType.I64, 0, 1),
        new(Counters, "hQ", IrType.U64, 0, 2),
        new(Counters, "hx", IrType.Fixed, 0, 3),
    ];

    static readonly IrType[] LocalTypes = [IrType.U8, IrType.U16, IrType.U32, IrType.U64, IrType.I8, IrType.I16, IrType.I32, IrType.I64, IrType.Fixed, IrType.Fixed];
    static readonly IntType[] IntTypes = [IrType.U8, IrType.U16, IrType.U32, IrType.U64, IrType.I8, IrType.I16, IrType.I32, IrType.I64];

    // Fixed-point values a variable holds stay within these bounds (in units of 1.0); every
    // operation checks its operands' bounds and wraps them (x % k) where it could overflow.
    const double Limit = 1e6;
    const double LocalBound = 1e6;
    const double MapBound = 1e8;

    /// <summary>Well-typed programs with their input; shrinking keeps them well-typed.</summary>
    public static Arbitrary<IrCase> Cases() => Arb.From(Case(helpers: false), Shrink);

    /// <summary>As <see cref="Cases"/>, with deterministic helper calls (ktime, prandom, processor id) mixed in.</summary>
    public static Arbitrary<IrCase> CasesWithHelpers() => Arb.From(Case(helpers: true), Shrink);

    /// <summary>A program and its input.</summary>
    public static Gen<IrCase> Case(bool helpers) =>
        from program in Program(helpers)
        from packet in Packet
        from maps in Maps
        select new IrCase(program, packet, maps);

    /// <summary>Packets of 0 to 80 random bytes.</summary>
    public static Gen<byte[]> Packet { get; } =
        from length in Gen.Frequency((1, Gen.Choose(0, 16)), (3, Gen.Choose(0, 80)))
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select bytes;

    // declared before Maps, which uses it while the class initialises
    static Gen<long> FixedValues { get; } = Gen.Choose(-1_000_000, 1_000_000).SelectMany(v => Gen.Choose(0, 99999).Select(f => (long)v * FixedType.Scale + (v < 0 ? -f : f)));

    /// <summary>Map contents: random bytes, fixed-point variables within ±10⁶, hash keys present or not.</summary>
    public static Gen<MapState> Maps { get; } =
        from array in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), Globals.ValueSize)
        from fixed1 in FixedValues
        from fixed2 in FixedValues
        from present in Gen.ArrayOf(Gen.Elements(false, true), 3)
        from hq in Gen.Choose(int.MinValue, int.MaxValue).Select(v => (long)v * 7919)
        from hQ in Gen.Choose(int.MinValue, int.MaxValue).Select(v => (long)v << 20)
        from hx in FixedValues
        select MakeMaps(array, fixed1, fixed2, present, [hq, hQ, hx]);

    static MapState MakeMaps(byte[] array, long fixed1, long fixed2, bool[] present, long[] hash)
    {
        var maps = new MapState();
        array.CopyTo(maps.Array(Globals), 0);
        BitConverter.TryWriteBytes(maps.Array(Globals).AsSpan(32), fixed1);
        BitConverter.TryWriteBytes(maps.Array(Globals).AsSpan(40), fixed2);
        for (int k = 0; k < 3; k++)
            if (present[k]) maps.Hash(Counters)[HashVariables[k].Key] = BitConverter.GetBytes(hash[k]);
        return maps;
    }

    // ---------------------------------------------------------------- programs

    /// <summary>What a statement may use: the locals, which of them are assigned on every path here, the packet
    /// bytes a dominating guard covers, and whether helper calls may appear.</summary>
    sealed record Scope(ImmutableArray<Local> Locals, ImmutableHashSet<int> Assigned, long Guard, bool Helpers)
    {
        public IEnumerable<Local> Readable => Locals.Where(l => Assigned.Contains(l.Id));
        public Scope Assign(Local l) => this with { Assigned = Assigned.Add(l.Id) };
    }

    /// <summary>A well-typed program: usually a few locals and statements, sometimes (one in four) 12–20
    /// locals assigned first and all used by the final exit, so more values are live than registers exist.</summary>
    public static Gen<IrProgram> Program(bool helpers) => Gen.Sized(size =>
        from manyLive in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from count in manyLive ? Gen.Choose(12, 20) : Gen.Choose(1, 6)
        from types in Gen.ArrayOf(Gen.Elements(LocalTypes), count)
        let locals = types.Select((t, i) => new Local(i + 1, $"l{i + 1}", t)).ToImmutableArray()
        let scope = new Scope(locals, [], 0, helpers)
        from prelude in manyLive ? Prelude(scope, 0) : Gen.Constant((ImmutableList<Stmt>.Empty, scope))
        from body in Statements(prelude.Item2, Math.Max(1, Math.Min(size, 60) / 8), 2)
        from exit in manyLive ? Gen.Constant(ExitUsingAll(body.Item2)) : ExitStatement(body.Item2)
        select new IrProgram("generated", "GPL", [Globals, Counters], new Block([.. prelude.Item1, .. body.Item1, exit], At)));

    /// <summary>Assigns every local a value that instruction selection cannot fold away.</summary>
    static Gen<(ImmutableList<Stmt>, Scope)> Prelude(Scope scope, int index)
    {
        if (index == scope.Locals.Length) return Gen.Constant((ImmutableList<Stmt>.Empty, scope));
        var local = scope.Locals[index];
        return from value in ValueFor(local.Type, scope, 1, LocalBound)
               from rest in Prelude(scope.Assign(local), index + 1)
               select (rest.Item1.Insert(0, new Assign(new LocalRef(local, At), value, At)), rest.Item2);
    }

    /// <summary><c>exit</c> with the sum of every assigned local (fixed point truncated to integers first).</summary>
    static Stmt ExitUsingAll(Scope scope)
    {
        Expr sum = new Constant(2, IrType.I64, At);
        foreach (var l in scope.Readable)
        {
            Expr value = new LocalRef(l, At);
            if (l.Type is FixedType) value = new Conversion(value, IrType.I64, At);
            sum = new Binary(l.Id % 2 == 0 ? BinaryOperator.Add : BinaryOperator.BitXor, sum, value, At);
        }
        return new Exit(sum, At);
    }

    static Gen<Stmt> ExitStatement(Scope scope) => Gen.Frequency(
        (2, Gen.Elements<long>(0, 1, 2, 3).Select(v => (Stmt)new Exit(new Constant(v, IrType.I64, At), At))),
        (3, IntExpr(scope, 2).Select(e => (Stmt)new Exit(e, At))),
        (1, FixedExpr(scope, 1).Select(e => (Stmt)new Exit(Wrap(e, Limit), At))));

    static Gen<(ImmutableList<Stmt>, Scope)> Statements(Scope scope, int count, int depth)
    {
        if (count <= 0) return Gen.Constant((ImmutableList<Stmt>.Empty, scope));
        return from first in Statement(scope, depth)
               from rest in Statements(first.Item2, count - 1, depth)
               select (rest.Item1.Insert(0, first.Item1), rest.Item2);
    }

    /// <summary>Builds the generator only when a value is drawn: recursive generators built eagerly grow exponentially.</summary>
    static Gen<T> Defer<T>(Func<Gen<T>> make) => Gen.Constant(0).SelectMany(_ => make());

    static Gen<(Stmt, Scope)> Statement(Scope scope, int depth)
    {
        var choices = new List<(int, Gen<(Stmt, Scope)>)>
        {
            (5, Defer(() => AssignLocal(scope))),
            (3, Defer(() => AssignVariable(scope))),
            (2, Defer(() => AtomicAddition(scope))),
        };
        if (depth > 0)
        {
            choices.Add((3, Defer(() => IfElse(scope, depth))));
            choices.Add((3, Defer(() => Guarded(scope, depth))));
        }
        if (scope.Guard > 0) choices.Add((3, Defer(() => AssignPacket(scope))));
        if (scope.Helpers) choices.Add((1, Helper(scope).Select(h => ((Stmt)new Evaluate(h, At), scope))));
        return Gen.Frequency(choices.ToArray());
    }

    static Gen<(Stmt, Scope)> AssignLocal(Scope scope) =>
        from local in Gen.Elements(scope.Locals.AsEnumerable())
        from value in ValueFor(local.Type, scope, 3, LocalBound)
        select ((Stmt)new Assign(new LocalRef(local, At), value, At), scope.Assign(local));

    static Gen<(Stmt, Scope)> AssignVariable(Scope scope) =>
        from variable in Gen.Elements(ArrayVariables.Concat(HashVariables))
        from value in ValueFor(variable.Type, scope, 3, Limit)
        select ((Stmt)new Assign(new MapVariableRef(variable, At), value, At), scope);

    static Gen<(Stmt, Scope)> AssignPacket(Scope scope) =>
        from field in PacketField(scope)
        from value in ValueFor(field.Type, scope, 2, Limit)
        select ((Stmt)new Assign(field, value, At), scope);

    /// <summary><c>+=</c> on 4- and 8-byte array variables, hash variables, and now and then an assigned integer local.</summary>
    static Gen<(Stmt, Scope)> AtomicAddition(Scope scope)
    {
        var targets = ArrayVariables.Concat(HashVariables).Where(v => v.Type.Size is 4 or 8)
            .Select(v => (Expr)new MapVariableRef(v, At))
            .Concat(scope.Readable.Where(l => l.Type is IntType).Select(l => (Expr)new LocalRef(l, At)));
        return from target in Gen.Elements(targets)
               from value in target.Type is FixedType
                   ? Gen.OneOf(FixedExpr(scope, 2).Select(e => Wrap(e, Limit)), SmallInt(scope, 1).Select(e => Wrap(e, 1000)))
                   : Gen.Frequency((4, IntExpr(scope, 2).Select(e => e is Constant c ? new Constant(ConstantArithmetic.Narrow(c.Value, (IntType)target.Type), target.Type, At) : e)),
                                   (1, FixedExpr(scope, 2).Select(e => Wrap(e, Limit))))
               select ((Stmt)new AtomicAdd(target, value, At), scope);
    }

    /// <summary>A value to store into a <paramref name="type"/>: integers anything (constants in range), fixed point within <paramref name="bound"/>.</summary>
    static Gen<Expr> ValueFor(IrType type, Scope scope, int size, double bound) => type switch
    {
        FixedType => Gen.Frequency(
            (4, FixedExpr(scope, size).Select(e => Wrap(e, bound))),
            (1, SmallInt(scope, size).Select(e => Wrap(e, Math.Min(bound, 30000))))),
        IntType t => Gen.Frequency(
            (2, ConstantIn(t)),
            (5, IntExpr(scope, size).Select(e => e is Constant c ? new Constant(ConstantArithmetic.Narrow(c.Value, t), t, At) : e)),
            (1, FixedExpr(scope, size).Select(e => Wrap(e, Limit)))),
        _ => throw new ArgumentException($"no values of {type}"),
    };

    static Gen<(Stmt, Scope)> IfElse(Scope scope, int depth) =>
        from condition in Condition(scope, 2)
        from then in Branch(scope, depth)
        from otherwise in Gen.Frequency((1, Gen.Constant((ImmutableList<Stmt>.Empty, scope))), (1, Branch(scope, depth)))
        select ((Stmt)new If(condition, new Block([.. then.Item1], At), new Block([.. otherwise.Item1], At), At),
                Join(scope, then.Item1, then.Item2, otherwise.Item1, otherwise.Item2));

    /// <summary>A nested block: a few statements, sometimes ending in an early exit.</summary>
    static Gen<(ImmutableList<Stmt>, Scope)> Branch(Scope scope, int depth) =>
        from count in Gen.Choose(1, 3)
        from body in Statements(scope, count, depth - 1)
        from exits in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from exit in exits ? ExitStatement(body.Item2).Select(s => (Stmt?)s) : Gen.Constant((Stmt?)null)
        select (exit is null ? body.Item1 : body.Item1.Add(exit), body.Item2);

    /// <summary>The locals assigned after an if: those assigned on both paths, or on the one that does not exit.</summary>
    static Scope Join(Scope before, ImmutableList<Stmt> then, Scope afterThen, ImmutableList<Stmt> otherwise, Scope afterElse)
    {
        bool thenExits = then.Any(BoundsCheck.AlwaysExits), elseExits = otherwise.Any(BoundsCheck.AlwaysExits);
        var assigned = (thenExits, elseExits) switch
        {
            (true, false) => afterElse.Assigned,
            (false, true) => afterThen.Assigned,
            _ => afterThen.Assigned.Intersect(afterElse.Assigned),
        };
        return before with { Assigned = before.Assigned.Union(assigned) };
    }

    /// <summary>Packet guards in each form: <c>length &gt; N-1</c> / <c>&gt;= N</c> opening a block (with an
    /// else, and as the head of an <c>and</c> chain), <c>length &lt; N</c> / <c>&lt;= N-1</c> with an early exit
    /// that guards the rest of the block, and <c>length &lt; N</c> with the accesses in the else branch.</summary>
    static Gen<(Stmt, Scope)> Guarded(Scope scope, int depth) =>
        from bytes in Gen.Frequency((3, Gen.Choose(1, 40)), (1, Gen.Choose(41, 64)))
        from form in Gen.Choose(0, 4)
        from constantType in Gen.Elements<IntType>(IrType.I64, IrType.U64, IrType.I32)
        let inside = scope with { Guard = Math.Max(scope.Guard, bytes) }
        from body in Branch(inside, depth)
        from otherwise in Gen.Frequency((2, Gen.Constant((ImmutableList<Stmt>.Empty, scope))), (1, Branch(scope, depth)))
        from extra in Condition(inside, 1)
        from exit in ExitStatement(scope)
        select form switch
        {
            0 => ((Stmt)new If(Length(CompareOperator.Greater, bytes - 1, constantType), Block(body.Item1), Block(otherwise.Item1), At),
                  Join(scope, body.Item1, body.Item2 with { Guard = scope.Guard }, otherwise.Item1, otherwise.Item2)),
            1 => (new If(new Logical(true, Length(CompareOperator.GreaterOrEqual, bytes, constantType), extra, At), Block(body.Item1), Block(otherwise.Item1), At),
                  Join(scope, body.Item1, body.Item2 with { Guard = scope.Guard }, otherwise.Item1, otherwise.Item2)),
            2 => (new If(Length(CompareOperator.Less, bytes, constantType), Block(otherwise.Item1.Add(exit)), Block([]), At),
                  inside),
            3 => (new If(Length(CompareOperator.LessOrEqual, bytes - 1, constantType), Block([exit]), Block([]), At),
                  inside),
            _ => (new If(Length(CompareOperator.Less, bytes, constantType), Block(otherwise.Item1), Block(body.Item1), At),
                  Join(scope, otherwise.Item1, otherwise.Item2, body.Item1, body.Item2 with { Guard = scope.Guard })),
        };

    static Block Block(IEnumerable<Stmt> statements) => new([.. statements], At);

    static Compare Length(CompareOperator op, long n, IntType type) => n % 3 == 0
        ? new Compare(op.Mirrored(), new Constant(n, type, At), new PacketLength(At), At)
        : new Compare(op, new PacketLength(At), new Constant(n, type, At), At);

    // ---------------------------------------------------------------- expressions

    static readonly BinaryOperator[] IntOperators =
    [
        BinaryOperator.Add, BinaryOperator.Subtract, BinaryOperator.Multiply, BinaryOperator.FloorDivide, BinaryOperator.Modulo,
        BinaryOperator.DivideTruncating, BinaryOperator.RemainderTruncating, BinaryOperator.ShiftLeft, BinaryOperator.ShiftRight,
        BinaryOperator.BitAnd, BinaryOperator.BitOr, BinaryOperator.BitXor,
    ];

    static Gen<Constant> IntConstant { get; } =
        from value in Gen.Frequency(
            (4, Gen.Choose(-10, 10).Select(v => (long)v)),
            (2, Gen.Elements(0L, 1L, -1L, 2L, 255L, 256L, 65535L, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, 1L << 40, -(1L << 33))),
            (2, Gen.Choose(int.MinValue, int.MaxValue).Select(v => (long)v)),
            (1, Gen.Choose(int.MinValue, int.MaxValue).SelectMany(h => Gen.Choose(int.MinValue, int.MaxValue).Select(l => ((long)h << 32) | (uint)l))))
        from unsigned in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Constant(value, unsigned ? IrType.U64 : IrType.I64, At);

    /// <summary>A constant that fits <paramref name="type"/>.</summary>
    static Gen<Expr> ConstantIn(IntType type) =>
        from c in IntConstant
        select (Expr)new Constant(ConstantArithmetic.Narrow(c.Value, type), c.Type is IntType { Signed: false } || !type.Signed ? type : IrType.I64, At);

    /// <summary>Any integer expression; arithmetic wraps around in 64 bits.</summary>
    static Gen<Expr> IntExpr(Scope scope, int size)
    {
        var leaves = new List<(int, Gen<Expr>)> { (3, IntConstant.Select(c => (Expr)c)), (2, IntVariable(scope)) };
        var ints = scope.Readable.Where(l => l.Type is IntType).ToList();
        if (ints.Count > 0) leaves.Add((4, Gen.Elements(ints.AsEnumerable()).Select(l => (Expr)new LocalRef(l, At))));
        if (scope.Guard > 0) leaves.Add((3, PacketField(scope).Select(p => (Expr)p)));
        if (size <= 0) return Gen.Frequency(leaves.ToArray());
        var smaller = Defer(() => IntExpr(scope, size - 1));
        var choices = new List<(int, Gen<Expr>)>(leaves)
        {
            (8, from op in Gen.Elements(IntOperators)
                from left in smaller
                from right in op is BinaryOperator.ShiftLeft or BinaryOperator.ShiftRight
                    ? Gen.Frequency((3, Gen.Choose(0, 63).Select(n => (Expr)new Constant(n, IrType.I64, At))), (1, smaller))
                    : smaller
                select (Expr)new Binary(op, left, right, At)),
            (2, from op in Gen.Elements(UnaryOperator.Negate, UnaryOperator.BitNot, UnaryOperator.Abs, UnaryOperator.ByteSwap)
                from operand in Gen.Frequency((1, smaller), (1, Gen.OneOf(leaves.Select(l => l.Item2))))
                select (Expr)new Unary(op, operand, At)),
            (2, from type in Gen.Elements(IntTypes)
                from operand in smaller
                select (Expr)new Conversion(operand, type, At)),
            // fixed point back to integers: conversion (truncating), floor and truncating division
            (2, from type in Gen.Elements(IntTypes)
                from operand in Defer(() => FixedExpr(scope, size - 1))
                select (Expr)new Conversion(Wrap(operand, Limit), type, At)),
            (1, from op in Gen.Elements(BinaryOperator.FloorDivide, BinaryOperator.DivideTruncating)
                from left in Defer(() => FixedExpr(scope, size - 1))
                from right in Defer(() => Gen.OneOf(FixedExpr(scope, size - 1), SmallInt(scope, size - 1)))
                select (Expr)new Binary(op, Wrap(left, Limit), Wrap(right, Limit), At)),
            (1, from left in Defer(() => SmallInt(scope, size - 1))
                from right in Defer(() => SmallInt(scope, size - 1))
                select (Expr)new Conversion(new Binary(BinaryOperator.Divide, Wrap(left, 30000), Wrap(right, 30000), At), IrType.I64, At)),
        };
        if (scope.Helpers) choices.Add((1, Helper(scope)));
        return Gen.Frequency(choices.ToArray());
    }

    static Gen<Expr> IntVariable(Scope scope) => Gen.Elements(ArrayVariables.Concat(HashVariables).Where(v => v.Type is IntType))
        .Select(v => (Expr)new MapVariableRef(v, At));

    static Gen<Expr> Helper(Scope scope) => Gen.Elements(5, 7, 8).Select(h => (Expr)new HelperCall(h, [], h == 5 ? IrType.U64 : IrType.U32, At));

    /// <summary>A packet field of any integer type at an offset the current guard covers.</summary>
    static Gen<PacketField> PacketField(Scope scope) =>
        from type in Gen.Elements(IntTypes.Where(t => t.Size <= scope.Guard))
        from offset in Gen.Choose(0, (int)scope.Guard - type.Size)
        from network in Gen.Elements(false, true)
        select new PacketField(null, offset, type, network, At);

    /// <summary>A fixed-point expression paired with a bound on its magnitude (in units of 1.0).</summary>
    readonly record struct Bounded(Expr Expr, double Bound);

    /// <summary>The expression, wrapped as <c>e % k</c> when its bound exceeds <paramref name="limit"/>, so that it stays within it.</summary>
    static Expr Wrap(Bounded e, double limit)
    {
        if (e.Bound <= limit) return e.Expr;
        var k = Math.Max(1, Math.Floor(limit / 2));
        return e.Expr.Type is FixedType
            ? new Binary(BinaryOperator.Modulo, e.Expr, new Constant(FixedType.ToRaw(k - 0.5), IrType.Fixed, At), At)
            : new Binary(BinaryOperator.Modulo, e.Expr, new Constant((long)k, IrType.I64, At), At);
    }

    static Bounded Wrapped(Bounded e, double limit) => new(Wrap(e, limit), Math.Min(e.Bound, limit));

    static Gen<Bounded> FixedConstant { get; } = Gen.Frequency(
        (3, Gen.Elements(3.5, 0.5, -2.25, 0.2, 2.3, 0.00001, -0.00001, 1.0, -1.0, 0.0, 99999.99999, -12345.6789)),
        (3, Gen.Choose(-10000, 10000).SelectMany(v => Gen.Choose(0, 99999).Select(f => v + f / 100000.0))))
        .Select(v => new Bounded(new Constant(FixedType.ToRaw(v), IrType.Fixed, At), Math.Abs(v) + 1e-5));

    /// <summary>A small integer: a constant, a narrow variable or field, or any integer narrowed or reduced.</summary>
    static Gen<Bounded> SmallInt(Scope scope, int size)
    {
        var choices = new List<(int, Gen<Bounded>)>
        {
            (3, Gen.Choose(-1000, 1000).Select(v => new Bounded(new Constant(v, IrType.I64, At), Math.Abs(v)))),
            (2, from type in Gen.Elements<IntType>(IrType.I8, IrType.U8, IrType.I16, IrType.U16)
                from operand in Defer(() => IntExpr(scope, Math.Max(0, size - 1)))
                select new Bounded(new Conversion(operand, type, At), 65536)),
            (1, Defer(() => IntExpr(scope, Math.Max(0, size - 1))).Select(e => new Bounded(new Binary(BinaryOperator.Modulo, e, new Constant(1000, IrType.I64, At), At), 1000))),
            (2, Gen.Elements(ArrayVariables.Where(v => v.Type is IntType { Bits: <= 16 })).Select(v => new Bounded(new MapVariableRef(v, At), 65536))),
        };
        var narrow = scope.Readable.Where(l => l.Type is IntType { Bits: <= 16 }).ToList();
        if (narrow.Count > 0) choices.Add((3, Gen.Elements(narrow.AsEnumerable()).Select(l => new Bounded(new LocalRef(l, At), 65536))));
        if (scope.Guard >= 2) choices.Add((2, PacketField(scope).Where(p => p.FieldType.Bits <= 16).Select(p => new Bounded(p, 65536))));
        return Gen.Frequency(choices.ToArray());
    }

    /// <summary>A fixed-point expression: constants, variables, conversions of small integers, and every
    /// arithmetic operator mixing fixed point with fixed point or integers, with operands wrapped where the
    /// raw 64-bit values could overflow.</summary>
    static Gen<Bounded> FixedExpr(Scope scope, int size)
    {
        var leaves = new List<(int, Gen<Bounded>)>
        {
            (3, FixedConstant),
            (2, Gen.Elements(ArrayVariables.Concat(HashVariables).Where(v => v.Type is FixedType)).Select(v => new Bounded(new MapVariableRef(v, At), MapBound))),
        };
        var fixedLocals = scope.Readable.Where(l => l.Type is FixedType).ToList();
        if (fixedLocals.Count > 0) leaves.Add((4, Gen.Elements(fixedLocals.AsEnumerable()).Select(l => new Bounded(new LocalRef(l, At), LocalBound))));
        if (size <= 0) return Gen.Frequency(leaves.ToArray());
        var smaller = Defer(() => FixedExpr(scope, size - 1));
        var small = Defer(() => SmallInt(scope, size - 1));
        var either = Gen.Frequency((2, smaller), (1, small));
        var choices = new List<(int, Gen<Bounded>)>(leaves)
        {
            (2, small.Select(i => new Bounded(new Conversion(i.Expr, IrType.Fixed, At), i.Bound))),
            (4, from op in Gen.Elements(BinaryOperator.Add, BinaryOperator.Subtract)
                from left in smaller
                from right in either
                from swap in Gen.Elements(false, true)
                let l = Wrapped(left, Limit)
                let r = Wrapped(right, Limit)
                select new Bounded(swap ? new Binary(op, r.Expr, l.Expr, At) : new Binary(op, l.Expr, r.Expr, At), l.Bound + r.Bound)),
            (3, from left in smaller
                from right in either
                from swap in Gen.Elements(false, true)
                let l = Wrapped(left, 10000)
                let r = Wrapped(right, 10000)
                select new Bounded(swap ? new Binary(BinaryOperator.Multiply, r.Expr, l.Expr, At) : new Binary(BinaryOperator.Multiply, l.Expr, r.Expr, At), l.Bound * r.Bound)),
            (3, from left in either
                from right in either
                let l = Wrapped(left, left.Expr.Type is FixedType ? 1e8 : 1e8)
                let r = Wrapped(right, Limit)
                // |a / b| ≤ |a| / 0.00001 when b is fixed point, ≤ |a| when b is a nonzero integer
                select new Bounded(new Binary(BinaryOperator.Divide, l.Expr, r.Expr, At), r.Expr.Type is FixedType ? l.Bound * 1e5 : l.Bound)),
            (2, from op in Gen.Elements(BinaryOperator.Modulo, BinaryOperator.RemainderTruncating)
                from left in either
                from right in either
                where left.Expr.Type is FixedType || right.Expr.Type is FixedType
                let l = Wrapped(left, Limit)
                let r = Wrapped(right, Limit)
                select new Bounded(new Binary(op, l.Expr, r.Expr, At), Math.Max(l.Bound, r.Bound))),
            (1, from op in Gen.Elements(UnaryOperator.Negate, UnaryOperator.Abs)
                from operand in smaller
                select new Bounded(new Unary(op, operand.Expr, At), operand.Bound)),
        };
        return Gen.Frequency(choices.ToArray());
    }

    /// <summary>A condition: comparisons of integers or of fixed point (mixed with small integers), combined with and, or, not.</summary>
    static Gen<Expr> Condition(Scope scope, int size)
    {
        var compareInts =
            from op in Gen.Elements(Enum.GetValues<CompareOperator>())
            from left in IntExpr(scope, Math.Min(size, 1))
            from right in IntExpr(scope, Math.Min(size, 1))
            select (Expr)new Compare(op, left, right, At);
        var compareFixed =
            from op in Gen.Elements(Enum.GetValues<CompareOperator>())
            from left in FixedExpr(scope, Math.Min(size, 1))
            from right in Gen.OneOf(FixedExpr(scope, Math.Min(size, 1)), SmallInt(scope, 0))
            from swap in Gen.Elements(false, true)
            let l = Wrap(left, 1e8)
            let r = Wrap(right, 1e8)
            select (Expr)(swap ? new Compare(op, r, l, At) : new Compare(op, l, r, At));
        if (size <= 0) return Gen.Frequency((3, compareInts), (1, compareFixed));
        return Gen.Frequency(
            (3, compareInts), (1, compareFixed),
            (2, from isAnd in Gen.Elements(false, true)
                from left in Defer(() => Condition(scope, size - 1))
                from right in Defer(() => Condition(scope, size - 1))
                select (Expr)new Logical(isAnd, left, right, At)),
            (1, Defer(() => Condition(scope, size - 1)).Select(c => (Expr)new Not(c, At))));
    }

    // ---------------------------------------------------------------- shrinking

    /// <summary>Smaller cases: shorter programs (statements dropped, ifs flattened, expressions replaced by an
    /// operand or a constant), then a shorter packet and zeroed maps; only programs that still pass the type and
    /// bounds checks and end in exit on every path.</summary>
    public static IEnumerable<IrCase> Shrink(IrCase c)
    {
        foreach (var body in ShrinkBlock(c.Program.Body).Where(b => BoundsCheck.AlwaysExits(b)))
        {
            var program = c.Program.WithBody(body);
            if (IsValid(program)) yield return c with { Program = program };
        }
        if (c.Packet.Length > 0) yield return c with { Packet = c.Packet[..(c.Packet.Length / 2)] };
        if (c.Packet.Any(b => b != 0)) yield return c with { Packet = new byte[c.Packet.Length] };
        if (!c.Maps.ContentEquals(new MapState())) yield return c with { Maps = new MapState() };
    }

    /// <summary>True when the program passes the type check and the bounds check.</summary>
    public static bool IsValid(IrProgram program) => TypeCheck.Run(program).Count == 0 && BoundsCheck.Run(program).Count == 0;

    static IEnumerable<Block> ShrinkBlock(Block block)
    {
        var s = block.Statements;
        for (int k = 0; k < s.Count; k++)
            yield return block with { Statements = [.. s.Items.RemoveAt(k)] };
        for (int k = 0; k < s.Count; k++)
            foreach (var smaller in ShrinkStatement(s[k]))
                yield return block with { Statements = [.. s.Items.SetItem(k, smaller)] };
    }

    static IEnumerable<Stmt> ShrinkStatement(Stmt s)
    {
        switch (s)
        {
            case If i:
                yield return i.Then;
                if (!i.Else.IsEmpty) { yield return i.Else; yield return i with { Else = Ir.Block.Empty(At) }; }
                foreach (var b in ShrinkBlock(i.Then)) yield return i with { Then = b };
                foreach (var b in ShrinkBlock(i.Else)) yield return i with { Else = b };
                foreach (var c in ShrinkExpr(i.Condition)) yield return i with { Condition = c };
                break;
            case Block b:
                foreach (var smaller in ShrinkBlock(b)) yield return smaller;
                break;
            case Assign a:
                foreach (var v in ShrinkExpr(a.Value)) yield return a with { Value = v };
                break;
            case AtomicAdd a:
                foreach (var v in ShrinkExpr(a.Value)) yield return a with { Value = v };
                break;
            case Exit x:
                foreach (var v in ShrinkExpr(x.Value)) yield return x with { Value = v };
                break;
            case Evaluate e:
                foreach (var v in ShrinkExpr(e.Expression)) yield return e with { Expression = v };
                break;
        }
    }

    static IEnumerable<Expr> ShrinkExpr(Expr e)
    {
        switch (e)
        {
            case Constant { Value: 0 }:
                yield break;
            case Constant c:
                yield return c with { Value = 0 };
                if (c.Type is FixedType && c.Value % FixedType.Scale != 0) yield return c with { Value = c.Value / FixedType.Scale * FixedType.Scale };
                else if (c.Value is > 1 or < -1) yield return c with { Value = c.Value / 2 };
                yield break;
        }
        if (e.Type is FixedType) yield return new Constant(0, IrType.Fixed, At);
        else if (e.Type is IntType t) yield return new Constant(0, t, At);
        switch (e)
        {
            case Binary b:
                yield return b.Left;
                yield return b.Right;
                foreach (var l in ShrinkExpr(b.Left)) yield return b with { Left = l };
                foreach (var r in ShrinkExpr(b.Right)) yield return b with { Right = r };
                break;
            case Unary u:
                yield return u.Operand;
                foreach (var o in ShrinkExpr(u.Operand)) yield return u with { Operand = o };
                break;
            case Conversion c:
                yield return c.Operand;
                foreach (var o in ShrinkExpr(c.Operand)) yield return c with { Operand = o };
                break;
            case Compare c:
                foreach (var l in ShrinkExpr(c.Left)) yield return c with { Left = l };
                foreach (var r in ShrinkExpr(c.Right)) yield return c with { Right = r };
                break;
            case Logical l:
                yield return l.Left;
                yield return l.Right;
                foreach (var x in ShrinkExpr(l.Left)) yield return l with { Left = x };
                foreach (var x in ShrinkExpr(l.Right)) yield return l with { Right = x };
                break;
            case Not n:
                yield return n.Operand;
                foreach (var o in ShrinkExpr(n.Operand)) yield return n with { Operand = o };
                break;
        }
    }
}

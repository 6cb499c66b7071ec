using System.Buffers.Binary;
using EbpfCat.Passes;

namespace EbpfCat.Ir.Evaluation;

/// <summary>The reference semantics of IR: runs a program directly on a packet and map contents, before
/// or after any pass, so that every later stage (lowering, folding, code generation, the kernel) can be
/// checked against it.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Integers: 64-bit arithmetic with wrap-around, the signedness rules of <see cref="TypeRules"/>, and
/// the eBPF instructions' edge cases (division by zero gives 0, modulo by zero the dividend) from
/// <see cref="ConstantArithmetic"/>; <c>&gt;&gt;</c> is arithmetic exactly when the left operand is signed.</item>
/// <item>Fixed point is computed exactly (<see cref="Int128"/>) from its mathematical definition, see
/// <see cref="FixedPoint"/>; leaving the 64-bit range raises <see cref="FixedPointOverflowException"/>.</item>
/// <item>Storing a value narrows it to the destination's type (locals too); fixed point stored into an
/// integer truncates toward zero; <c>+=</c> converts the addend to the target's type, then adds.</item>
/// <item>Array-map variables are the little-endian bytes at their offset in element 0; hash-map
/// variables the first bytes of the 8 behind their key (a missing key reads 0, a store inserts it).</item>
/// <item>Packet fields are read in CPU (little-endian) order, or network order when marked; an access
/// outside the packet raises <see cref="PacketAccessException"/>.</item>
/// </list>
/// </remarks>
/// <example><code>
/// var maps = new MapState();
/// EvaluationResult result = IrEvaluator.Run(program, new byte[64], maps);
/// Console.WriteLine(result.ReturnValue);
/// </code></example>
public sealed class IrEvaluator
{
    readonly byte[] packet;
    readonly MapState maps;
    readonly EvaluationOptions options;
    readonly Dictionary<int, long> locals = [];
    readonly Dictionary<int, int> calls = [];

    IrEvaluator(byte[] packet, MapState maps, EvaluationOptions options)
    {
        this.packet = packet;
        this.maps = maps;
        this.options = options;
    }

    /// <summary>Runs <paramref name="program"/> on copies of <paramref name="packet"/> and <paramref name="maps"/>
    /// (the inputs stay as they are) and returns what it leaves behind.</summary>
    /// <exception cref="IrEvaluationException">The run has no defined result: a packet access outside the
    /// packet, fixed-point overflow, something unsupported, or the end reached without exit.</exception>
    public static EvaluationResult Run(IrProgram program, byte[] packet, MapState maps, EvaluationOptions? options = null)
    {
        var evaluator = new IrEvaluator((byte[])packet.Clone(), maps.Clone(), options ?? EvaluationOptions.Default);
        if (evaluator.Block(program.Body) is not { } value)
            throw new IrEvaluationException($"{program.Body.Location}: program {program.Name} ends without exit");
        return new EvaluationResult(value, evaluator.packet, evaluator.maps);
    }

    // ---------------------------------------------------------------- statements

    /// <summary>Runs the block; the exit value when it exited.</summary>
    long? Block(Block block)
    {
        foreach (var s in block.Statements)
            if (Statement(s) is { } exit) return exit;
        return null;
    }

    long? Statement(Stmt s)
    {
        switch (s)
        {
            case Block b:
                return Block(b);
            case Assign a:
                Store(a.Target, Retype(a.Value, Value(a.Value), a.Target.Type, a.Location));
                return null;
            case AtomicAdd a:
                var addend = Retype(a.Value, Value(a.Value), a.Target.Type, a.Location);
                var old = Value(a.Target);
                Store(a.Target, a.Target.Type is FixedType ? FixedPoint.Fit((Int128)old + addend, "+=", a.Location) : unchecked(old + addend));
                return null;
            case If i:
                return Condition(i.Condition) ? Block(i.Then) : Block(i.Else);
            case Exit x:
                return Retype(x.Value, Value(x.Value), IrType.I64, x.Location);
            case Evaluate e:
                Value(e.Expression);
                return null;
            default:
                throw new UnsupportedByEvaluatorException($"the statement {s.GetType().Name}", s.Location);
        }
    }

    /// <summary>The value of <paramref name="e"/> as a value of type <paramref name="to"/>: integer → fixed
    /// scales, fixed → integer truncates toward zero; integer widths are left to the store.</summary>
    static long Retype(Expr e, long value, IrType to, SourceLocation at) => (e.Type, to) switch
    {
        (FixedType, FixedType) => value,
        (FixedType, _) => value / FixedType.Scale,
        (_, FixedType) => FixedPoint.Fit(Mathematical(value, e.Type) * FixedType.Scale, "conversion to fixed point", at),
        _ => value,
    };

    void Store(Expr target, long value)
    {
        value = Narrow(value, target.Type);
        switch (target)
        {
            case LocalRef l:
                locals[l.Local.Id] = value;
                break;
            case MapVariableRef { Variable: var v }:
                var bytes = VariableBytes(v, target.Location, create: true);
                Write(bytes, v.Type.Size, value, networkOrder: false);
                break;
            case PacketField p:
                Write(PacketBytes(p), p.FieldType.Size, value, p.NetworkOrder);
                break;
            default:
                throw new UnsupportedByEvaluatorException($"assignment to {target}", target.Location);
        }
    }

    // ---------------------------------------------------------------- conditions

    bool Condition(Expr e) => e switch
    {
        Logical l => l.IsAnd ? Condition(l.Left) && Condition(l.Right) : Condition(l.Left) || Condition(l.Right),
        Not n => !Condition(n.Operand),
        Compare c => Comparison(c),
        _ => Value(e) != 0,
    };

    bool Comparison(Compare c)
    {
        long a = Value(c.Left), b = Value(c.Right);
        bool lf = c.Left.Type is FixedType, rf = c.Right.Type is FixedType;
        if (!lf && !rf) return ConstantArithmetic.Compare(c.Operator, a, b, c.IsSigned);
        Int128 x = Raw(c.Left, a, "comparison"), y = Raw(c.Right, b, "comparison");
        return c.Operator switch
        {
            CompareOperator.Equal => x == y,
            CompareOperator.NotEqual => x != y,
            CompareOperator.Less => x < y,
            CompareOperator.LessOrEqual => x <= y,
            CompareOperator.Greater => x > y,
            _ => x >= y,
        };
    }

    // ---------------------------------------------------------------- values

    /// <summary>The value as 64 bits: integers extended from their type, fixed point as the raw scaled value, conditions 0 or 1.</summary>
    long Value(Expr e)
    {
        switch (e)
        {
            case Constant c:
                return c.Value;
            case LocalRef l:
                return locals.TryGetValue(l.Local.Id, out var v) ? v
                    : throw new IrEvaluationException($"{l.Location}: local '{l.Local.Name}' is read before it is assigned");
            case MapVariableRef { Variable: var variable } m:
                return Narrow(Read(VariableBytes(variable, m.Location, create: false), variable.Type.Size, networkOrder: false), variable.Type);
            case PacketField p:
                return Narrow(Read(PacketBytes(p), p.FieldType.Size, p.NetworkOrder), p.FieldType);
            case PacketLength:
                return packet.Length;
            case ContextField f:
                return options.ContextFields.TryGetValue(f.Offset, out var field) ? Narrow(field, f.FieldType)
                    : throw new UnsupportedByEvaluatorException($"the context field at offset {f.Offset}", f.Location);
            case Binary b:
                return Binary(b);
            case Unary u:
                return Unary(u);
            case Conversion c:
                var operand = Value(c.Operand);
                return Narrow(Retype(c.Operand, operand, c.TargetType, c.Location), c.TargetType);
            case HelperCall h:
                var arguments = h.Arguments.Select(Value).ToArray();
                if (!options.Helpers.TryGetValue(h.Helper, out var stub))
                    throw new UnsupportedByEvaluatorException($"helper {h.Helper}", h.Location);
                var call = calls.GetValueOrDefault(h.Helper);
                calls[h.Helper] = call + 1;
                return Narrow(stub(call, arguments), h.ReturnType);
            case Ir.Compare or Logical or Not:
                return Condition(e) ? 1 : 0;
            default:
                throw new UnsupportedByEvaluatorException($"the expression {e.GetType().Name}", e.Location);
        }
    }

    long Binary(Binary b)
    {
        long a = Value(b.Left), c = Value(b.Right);
        bool lf = b.Left.Type is FixedType, rf = b.Right.Type is FixedType;
        var op = b.Operator;
        var at = b.Location;
        if (op == BinaryOperator.Divide)
            return FixedPoint.Divide(lf ? a : Mathematical(a, b.Left.Type), lf, rf ? c : Mathematical(c, b.Right.Type), rf, at);
        if (!lf && !rf)
        {
            // >> shifts in the sign of the left operand only; everything else follows the operation's signedness.
            bool signed = op == BinaryOperator.ShiftRight ? TypeRules.IsSigned(b.Left.Type) : TypeRules.IsSignedOperation(b.Left, b.Right);
            return ConstantArithmetic.Binary(op, a, c, signed);
        }
        if (op == BinaryOperator.Multiply)
            return lf && rf ? FixedPoint.Multiply(a, c, at)
                : FixedPoint.Fit((lf ? a : Mathematical(a, b.Left.Type)) * (Int128)(rf ? c : Mathematical(c, b.Right.Type)), "×", at);
        Int128 x = Raw(b.Left, a, op.ToString()), y = Raw(b.Right, c, op.ToString());
        return op switch
        {
            BinaryOperator.Add => FixedPoint.Fit(x + y, "+", at),
            BinaryOperator.Subtract => FixedPoint.Fit(x - y, "−", at),
            BinaryOperator.FloorDivide => FixedPoint.Fit(FixedPoint.FloorQuotient(x, y), "floor division", at),
            BinaryOperator.DivideTruncating => FixedPoint.Fit(y == 0 ? 0 : x / y, "truncating division", at),
            BinaryOperator.Modulo => FixedPoint.Fit(y == 0 ? x : x - y * FixedPoint.FloorQuotient(x, y), "modulo", at),
            BinaryOperator.RemainderTruncating => FixedPoint.Fit(y == 0 ? x : x % y, "remainder", at),
            _ => throw new UnsupportedByEvaluatorException($"{op} on fixed point (the type check rejects it)", at),
        };
    }

    long Unary(Unary u)
    {
        var a = Value(u.Operand);
        if (u.Operand.Type is not FixedType) return ConstantArithmetic.Unary(u.Operator, a, u.Operand.Type);
        return u.Operator switch
        {
            UnaryOperator.Negate => FixedPoint.Fit(-(Int128)a, "negation", u.Location),
            UnaryOperator.Abs => FixedPoint.Fit(Int128.Abs(a), "abs", u.Location),
            _ => throw new UnsupportedByEvaluatorException($"{u.Operator} on fixed point (the type check rejects it)", u.Location),
        };
    }

    /// <summary>An operand of a fixed-point operation as a raw fixed-point value: integers are rescaled first.</summary>
    static Int128 Raw(Expr e, long value, string operation)
        => e.Type is FixedType ? value : FixedPoint.Fit(Mathematical(value, e.Type) * FixedType.Scale, $"rescaling an integer for {operation}", e.Location);

    /// <summary>The number a 64-bit value of type <paramref name="type"/> stands for (u64 values above 2⁶³ are positive).</summary>
    static Int128 Mathematical(long value, IrType type) => type is IntType { Bits: 64, Signed: false } ? (ulong)value : value;

    static long Narrow(long value, IrType type) => type is IntType t ? ConstantArithmetic.Narrow(value, t) : value;

    // ---------------------------------------------------------------- memory

    Span<byte> VariableBytes(MapVariable v, SourceLocation at, bool create)
    {
        switch (v.Map.Kind)
        {
            case MapKind.Array:
                var element = maps.Array(v.Map);
                if (v.Offset < 0 || v.Offset + v.Type.Size > element.Length)
                    throw new IrEvaluationException($"{at}: {v} at offset {v.Offset} lies outside the {element.Length}-byte value of map {v.Map.Name}");
                return element.AsSpan(v.Offset, v.Type.Size);
            case MapKind.Hash:
                var entries = maps.Hash(v.Map);
                var key = v.Map.KeySize >= 8 ? v.Key : v.Key & (long)((1UL << (8 * v.Map.KeySize)) - 1);
                if (!entries.TryGetValue(key, out var value))
                {
                    if (!create) return new byte[8];
                    entries[key] = value = new byte[8];
                }
                return value;
            default:
                throw new UnsupportedByEvaluatorException($"variables in {v.Map.Kind} maps", at);
        }
    }

    Span<byte> PacketBytes(PacketField p)
    {
        long start = p.Offset + (p.Index is null ? 0 : Value(p.Index));
        if (start < 0 || start + p.FieldType.Size > packet.Length)
            throw new PacketAccessException((int)Math.Clamp(start, int.MinValue, int.MaxValue), p.FieldType.Size, packet.Length, p.Location);
        return packet.AsSpan((int)start, p.FieldType.Size);
    }

    static long Read(ReadOnlySpan<byte> bytes, int size, bool networkOrder)
    {
        Span<byte> wide = stackalloc byte[8];
        wide.Clear();
        for (int i = 0; i < size; i++) wide[i] = bytes[networkOrder ? size - 1 - i : i];
        return BinaryPrimitives.ReadInt64LittleEndian(wide);
    }

    static void Write(Span<byte> bytes, int size, long value, bool networkOrder)
    {
        Span<byte> wide = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(wide, value);
        for (int i = 0; i < size; i++) bytes[networkOrder ? size - 1 - i : i] = wide[i];
        // a hash map's 8-byte value holds a narrower variable extended to 64 bits
        if (bytes.Length == 8 && size < 8 && !networkOrder) wide[size..].CopyTo(bytes[size..]);
    }
}

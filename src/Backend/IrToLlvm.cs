using EbpfCat.Backend.Llvm.Native;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Passes;

namespace EbpfCat.Backend.Llvm;

/// <summary>Translates checked, fixed-point-free IR into one LLVM function <c>i64 (ptr ctx)</c> in section
/// <see cref="Section"/>, with the semantics of the direct back end's instruction selection
/// (<see cref="MirLowering"/>): every integer is an <c>i64</c> holding its value zero- or sign-extended
/// by its type; narrow locals are narrowed on assignment; division by zero gives 0 (remainder: the
/// dividend) and shift amounts count modulo 64, as in BPF, instead of LLVM's undefined behaviour.</summary>
/// <remarks>
/// Maps are external globals, so LLVM can neither fold their contents nor drop their stores:
/// <c>ebpfcat.value.N</c> is map N's value, reached by direct loads (array maps, <c>BPF_PSEUDO_MAP_VALUE</c>),
/// <c>ebpfcat.map.N</c> stands for map N itself, passed to helpers (<c>BPF_PSEUDO_MAP_FD</c>). Packet
/// guards compare <c>data + N</c> with <c>data_end</c> as pointers, the form the verifier follows.
/// </remarks>
internal sealed class IrToLlvm
{
    /// <summary>The ELF section of the program's function.</summary>
    internal const string Section = "xdp";

    internal const string ValuePrefix = "ebpfcat.value.", MapPrefix = "ebpfcat.map.";

    readonly LlvmBuilder b;
    readonly LlvmBuilder entry;
    readonly IntPtr function;
    readonly IntPtr context;
    readonly List<MapDeclaration> maps = [];
    readonly Dictionary<string, IntPtr> globals = [];
    readonly Dictionary<int, IntPtr> locals = [];
    (IntPtr Data, IntPtr End)? packet;
    /// <summary>Packet bytes known to be there at the builder's position (by the guards on every path to it);
    /// blocks are entered only after every branch into them is built, so this is a forward data flow.</summary>
    long covered;
    readonly Dictionary<IntPtr, long> coveredAt = [];

    IrToLlvm(LlvmBuilder body, LlvmBuilder entry, IntPtr function)
    {
        b = body;
        this.entry = entry;
        this.function = function;
        context = LlvmApi.LLVMGetParam(function, 0);
    }

    /// <summary>Adds <paramref name="program"/>'s function to the module; returns the maps in the order of
    /// the indices N in the globals' names.</summary>
    internal static IReadOnlyList<MapDeclaration> Translate(IrProgram program, LlvmBuilder body, LlvmBuilder entry)
    {
        var function = body.Function("ebpfcat_program", body.FunctionType(body.I64, body.Pointer));
        LlvmApi.LLVMSetSection(function, Section);
        var start = body.NewBlock(function, "entry");
        var first = body.NewBlock(function, "body");
        entry.PositionAt(start);
        body.PositionAt(first);
        var translator = new IrToLlvm(body, entry, function);
        translator.Statement(program.Body);
        // A body that does not end in an exit falls off the end, as after the direct back end's last
        // instruction: the verifier would reject that, so it cannot happen after the builders' closing exit.
        if (!body.IsTerminated) body.Return(body.Constant(0));
        entry.Branch(first);
        return translator.maps;
    }

    // ---------------------------------------------------------------- statements

    void Statement(Stmt s)
    {
        switch (s)
        {
            case Block block:
                foreach (var inner in block.Statements) Statement(inner);
                break;
            case Assign a:
                Assign(a.Target, a.Value);
                break;
            case AtomicAdd a:
                AtomicAdd(a.Target, a.Value);
                break;
            case If i:
                var then = NewBlock("then");
                var otherwise = NewBlock("else");
                var join = NewBlock("join");
                Branch(i.Condition, then, otherwise);
                Enter(then);
                Statement(i.Then);
                if (!b.IsTerminated) Goto(join);
                Enter(otherwise);
                Statement(i.Else);
                if (!b.IsTerminated) Goto(join);
                Enter(join);
                break;
            case Exit x:
                b.Return(AsInteger(Value(x.Value)));
                Enter(NewBlock("unreachable")); // what follows an exit is dead; LLVM removes it
                break;
            case Evaluate e:
                Value(e.Expression);
                break;
            default:
                throw new InvalidOperationException($"{s.Location}: cannot translate {s.GetType().Name}");
        }
    }

    void Assign(Expr target, Expr value)
    {
        switch (target)
        {
            case LocalRef l:
                var slot = Local(l.Local);
                b.Store(Coerce(Value(value), l.Local.Type), slot);
                if (l.Local.Type is IntType { Bits: < 64 } narrow && !Fits(value.Type, narrow))
                    b.Store(Narrow(b.Load(b.I64, slot), narrow), slot);
                break;
            case MapVariableRef { Variable.Map.Kind: MapKind.Array } m:
                StoreTo(MapValue(m.Variable), (IntType)ScalarType(m.Type), Value(value));
                break;
            case MapVariableRef { Variable.Map.Kind: MapKind.PerCpuArray } m:
                var stored = Value(value);
                InExistingElement(m.Variable, pointer => StoreTo(b.ByteOffset(pointer, m.Variable.Offset), (IntType)ScalarType(m.Type), stored));
                break;
            case MapVariableRef m:
                var v = Value(value);
                var valueSlot = entry.Alloca(b.I64);
                b.Store(AsInteger(v), valueSlot);
                var key = KeyOnStack(m.Variable);
                Helper(2, b.I64, MapPointer(m.Variable.Map), key, valueSlot, b.Constant(0)); // BPF_ANY
                break;
            case PacketField p:
                var address = PacketAddress(p);
                var bits = Value(value);
                if (p.NetworkOrder && p.FieldType.Bits > 8)
                    b.Store(ByteSwap(b.Cast(LlvmBuilder.Trunc, bits, b.Int(p.FieldType.Bits)), p.FieldType.Bits), address);
                else StoreTo(address, p.FieldType, bits);
                break;
            case MapValueField f:
                var through = Value(f.Pointer);
                StoreTo(b.ByteOffset(through, f.Offset), f.FieldType, Value(value));
                break;
            default:
                throw new InvalidOperationException($"{target.Location}: cannot assign to {target}");
        }
    }

    void AtomicAdd(Expr target, Expr value)
    {
        switch (target)
        {
            case LocalRef l:
                var slot = Local(l.Local);
                var sum = b.Binary(LlvmBuilder.Add, b.Load(b.I64, slot), AsInteger(Value(value)));
                b.Store(l.Local.Type is IntType { Bits: < 64 } t ? Narrow(sum, t) : sum, slot);
                break;
            case MapVariableRef { Variable.Map.Kind: MapKind.Array } m:
                var addend = Value(value);
                Atomic(MapValue(m.Variable), ScalarType(m.Type), addend);
                break;
            case MapVariableRef { Variable.Map: { Kind: MapKind.Hash, HoldsVariables: false } } m:
                throw new InvalidOperationException($"{m.Location}: '{m.Variable.Name}' is in hash map '{m.Variable.Map.Name}', which is not declared to hold variables (MapDeclaration.HoldsVariables)");
            case MapVariableRef m:
                var amount = Value(value);
                InExistingElement(m.Variable, pointer => Atomic(b.ByteOffset(pointer, m.Variable.Offset), ScalarType(m.Type), amount));
                break;
            case MapValueField f:
                var through = Value(f.Pointer);
                var delta = Value(value);
                Atomic(b.ByteOffset(through, f.Offset), f.FieldType, delta);
                break;
            default:
                throw new InvalidOperationException($"{target.Location}: cannot add atomically to {target}");
        }
    }

    void Atomic(IntPtr address, IrType type, IntPtr value)
    {
        var integer = AsInteger(value);
        b.AtomicAdd(address, type.Size == 8 ? integer : b.Cast(LlvmBuilder.Trunc, integer, b.Int(type.Size * 8)));
    }

    // ---------------------------------------------------------------- conditions

    /// <summary>Branches to <paramref name="then"/> when <paramref name="condition"/> holds, else to
    /// <paramref name="otherwise"/>, evaluating and/or/not with short circuits as the direct back end does.</summary>
    void Branch(Expr condition, IntPtr then, IntPtr otherwise)
    {
        switch (condition)
        {
            case Logical { IsAnd: true } and:
                var right = NewBlock("and");
                Branch(and.Left, right, otherwise);
                Enter(right);
                Branch(and.Right, then, otherwise);
                break;
            case Logical or:
                var next = NewBlock("or");
                Branch(or.Left, then, next);
                Enter(next);
                Branch(or.Right, then, otherwise);
                break;
            case Not not:
                Branch(not.Operand, otherwise, then);
                break;
            case Compare c when PacketGuard.TryMatch(c, out var guard) && guard.Bytes <= covered:
                // Already known to be covered (or 0 bytes): no comparison. As one, its other path would be dead but
                // still walked by the verifier, which marks the compared pointer as past the end there; LLVM reuses
                // that very pointer (data + N, or data itself for 0) for reads, which the verifier then refuses.
                Goto(guard.WhenTrue ? then : otherwise);
                break;
            case Compare c when PacketGuard.TryMatch(c, out var guard):
                var (data, end) = Packet();
                var isCovered = b.Compare(LlvmBuilder.Ule, b.ByteOffset(data, guard.Bytes), end);
                if (guard.WhenTrue) GotoIf(isCovered, then, otherwise, guard.Bytes, covered);
                else GotoIf(isCovered, otherwise, then, guard.Bytes, covered);
                break;
            case Compare c:
                GotoIf(Comparison(c), then, otherwise, covered, covered);
                break;
            default:
                GotoIf(b.Compare(LlvmBuilder.Ne, AsInteger(Value(condition)), b.Constant(0)), then, otherwise, covered, covered);
                break;
        }
    }

    IntPtr Comparison(Compare c)
    {
        var left = Value(c.Left);
        var right = Value(c.Right);
        if (IsPointer(left) != IsPointer(right))
        {
            // a pointer against a number: a null check (or a comparison of addresses)
            if (IsPointer(left)) right = Coerce(right, MapLookup.MapValuePointer);
            else left = Coerce(left, MapLookup.MapValuePointer);
        }
        int predicate = (c.Operator, c.IsSigned) switch
        {
            (CompareOperator.Equal, _) => LlvmBuilder.Eq,
            (CompareOperator.NotEqual, _) => LlvmBuilder.Ne,
            (CompareOperator.Less, false) => LlvmBuilder.Ult,
            (CompareOperator.LessOrEqual, false) => LlvmBuilder.Ule,
            (CompareOperator.Greater, false) => LlvmBuilder.Ugt,
            (CompareOperator.GreaterOrEqual, false) => LlvmBuilder.Uge,
            (CompareOperator.Less, true) => LlvmBuilder.Slt,
            (CompareOperator.LessOrEqual, true) => LlvmBuilder.Sle,
            (CompareOperator.Greater, true) => LlvmBuilder.Sgt,
            _ => LlvmBuilder.Sge,
        };
        return b.Compare(predicate, left, right);
    }

    // ---------------------------------------------------------------- values

    /// <summary>An <c>i64</c> (integers) or <c>ptr</c> (pointer types) holding <paramref name="e"/>'s value.</summary>
    IntPtr Value(Expr e)
    {
        switch (e)
        {
            case Constant c:
                return c.Type is PointerType ? Coerce(b.Constant(c.Value), c.Type) : b.Constant(c.Value);
            case LocalRef l:
                return b.Load(l.Local.Type is PointerType ? b.Pointer : b.I64, Local(l.Local));
            case MapVariableRef { Variable.Map.Kind: MapKind.Array } m:
                return LoadExtended(MapValue(m.Variable), (IntType)ScalarType(m.Type));
            case MapVariableRef m:
                {
                    // a variable never written reads as 0
                    var result = entry.Alloca(b.I64);
                    b.Store(b.Constant(0), result);
                    InExistingElement(m.Variable, pointer => b.Store(LoadExtended(b.ByteOffset(pointer, m.Variable.Offset), (IntType)ScalarType(m.Type)), result));
                    return b.Load(b.I64, result);
                }
            case PacketField p:
                {
                    var address = PacketAddress(p);
                    if (!p.NetworkOrder || p.FieldType.Bits == 8) return LoadExtended(address, p.FieldType);
                    var swapped = ByteSwap(b.Load(b.Int(p.FieldType.Bits), address), p.FieldType.Bits);
                    return b.Cast(p.FieldType.Signed ? LlvmBuilder.SExt : LlvmBuilder.ZExt, swapped, b.I64);
                }
            case PacketLength:
                {
                    var (data, end) = Packet();
                    return b.Binary(LlvmBuilder.Sub, b.Cast(LlvmBuilder.PtrToInt, end, b.I64), b.Cast(LlvmBuilder.PtrToInt, data, b.I64));
                }
            case ContextField f:
                return LoadExtended(b.ByteOffset(context, f.Offset), f.FieldType);
            case Binary binary:
                {
                    var left = AsInteger(Value(binary.Left));
                    var right = AsInteger(Value(binary.Right));
                    bool signed = binary.Operator == BinaryOperator.ShiftRight ? TypeRules.IsSigned(binary.Left.Type) : TypeRules.IsSignedOperation(binary.Left, binary.Right);
                    return Arithmetic(binary.Operator, left, right, signed);
                }
            case Unary u:
                return UnaryOperation(u.Operator, AsInteger(Value(u.Operand)), u.Operand.Type);
            case Conversion c:
                {
                    var operand = Value(c.Operand);
                    if (c.TargetType is PointerType) return Coerce(operand, c.TargetType);
                    var integer = AsInteger(operand);
                    return c.TargetType is IntType { Bits: < 64 } t ? Narrow(integer, t) : integer;
                }
            case HelperCall h:
                {
                    var arguments = h.Arguments.Select(Value).ToArray();
                    return Helper(h.Helper, h.ReturnType is PointerType ? b.Pointer : b.I64, arguments);
                }
            case MapLookup lookup:
                return Helper(1, b.Pointer, MapPointer(lookup.Map), OnStack(Value(lookup.Key), lookup.Map.KeySize));
            case MapValueField field:
                return LoadExtended(b.ByteOffset(Value(field.Pointer), field.Offset), field.FieldType);
            case MapUpdate update:
                {
                    var key = OnStack(Value(update.Key), update.Map.KeySize);
                    var value = OnStack(Value(update.Value), update.Map.ValueSize);
                    return Helper(2, b.I64, MapPointer(update.Map), key, value, b.Constant(update.Flags));
                }
            case MapDelete delete:
                return Helper(3, b.I64, MapPointer(delete.Map), OnStack(Value(delete.Key), delete.Map.KeySize));
            case Compare or Logical or Not:
                {
                    var result = entry.Alloca(b.I64);
                    b.Store(b.Constant(0), result);
                    var yes = NewBlock("true");
                    var join = NewBlock("join");
                    Branch(e, yes, join);
                    Enter(yes);
                    b.Store(b.Constant(1), result);
                    Goto(join);
                    Enter(join);
                    return b.Load(b.I64, result);
                }
            default:
                throw new InvalidOperationException($"{e.Location}: cannot translate {e}");
        }
    }

    IntPtr Arithmetic(BinaryOperator op, IntPtr left, IntPtr right, bool signed)
    {
        switch (op)
        {
            case BinaryOperator.FloorDivide or BinaryOperator.Modulo when signed:
                return FloorDivide(left, right, modulo: op == BinaryOperator.Modulo);
            case BinaryOperator.DivideTruncating or BinaryOperator.RemainderTruncating when signed:
                return SignedDivide(left, right, remainder: op == BinaryOperator.RemainderTruncating);
        }
        return op switch
        {
            BinaryOperator.Add => b.Binary(LlvmBuilder.Add, left, right),
            BinaryOperator.Subtract => b.Binary(LlvmBuilder.Sub, left, right),
            BinaryOperator.Multiply => b.Binary(LlvmBuilder.Mul, left, right),
            BinaryOperator.DivideTruncating or BinaryOperator.FloorDivide => UnsignedDivide(left, right, remainder: false),
            BinaryOperator.RemainderTruncating or BinaryOperator.Modulo => UnsignedDivide(left, right, remainder: true),
            BinaryOperator.ShiftLeft => b.Binary(LlvmBuilder.Shl, left, ShiftAmount(right)),
            BinaryOperator.ShiftRight => b.Binary(signed ? LlvmBuilder.AShr : LlvmBuilder.LShr, left, ShiftAmount(right)),
            BinaryOperator.BitAnd => b.Binary(LlvmBuilder.And, left, right),
            BinaryOperator.BitOr => b.Binary(LlvmBuilder.Or, left, right),
            BinaryOperator.BitXor => b.Binary(LlvmBuilder.Xor, left, right),
            _ => throw new InvalidOperationException($"{op} should have been lowered before code generation"),
        };
    }

    /// <summary>BPF's shift amounts count modulo 64; LLVM's past 63 are poison.</summary>
    IntPtr ShiftAmount(IntPtr amount) => b.Binary(LlvmBuilder.And, amount, b.Constant(63));

    /// <summary>BPF's unsigned division: by zero, the quotient is 0 and the remainder the dividend
    /// (LLVM's is undefined, so the divisor is made 1 first and the result chosen after).</summary>
    IntPtr UnsignedDivide(IntPtr left, IntPtr right, bool remainder)
    {
        var zero = b.Compare(LlvmBuilder.Eq, right, b.Constant(0));
        var divisor = b.Select(zero, b.Constant(1), right);
        var result = b.Binary(remainder ? LlvmBuilder.URem : LlvmBuilder.UDiv, left, divisor);
        return b.Select(zero, remainder ? left : b.Constant(0), result);
    }

    /// <summary>Signed division truncating toward zero, as the direct back end's sequence (and v4's sdiv/smod)
    /// define it: |a| op |b| unsigned, then the sign of a^b (quotient) or of a (remainder).</summary>
    IntPtr SignedDivide(IntPtr left, IntPtr right, bool remainder)
    {
        var sign = b.Binary(LlvmBuilder.AShr, remainder ? left : b.Binary(LlvmBuilder.Xor, left, right), b.Constant(63));
        var magnitude = UnsignedDivide(Absolute(left), Absolute(right), remainder);
        return b.Binary(LlvmBuilder.Sub, b.Binary(LlvmBuilder.Xor, magnitude, sign), sign);
    }

    /// <summary>Floor division (or its modulo): truncating division corrected by one when the remainder is not
    /// zero and its sign differs from the divisor's; x // 0 is 0 and x % 0 is x, uncorrected.</summary>
    IntPtr FloorDivide(IntPtr left, IntPtr right, bool modulo)
    {
        var rest = SignedDivide(left, right, remainder: true);
        var result = modulo ? rest : SignedDivide(left, right, remainder: false);
        var restNotZero = b.Compare(LlvmBuilder.Ne, rest, b.Constant(0));
        var divisorNotZero = b.Compare(LlvmBuilder.Ne, right, b.Constant(0));
        var signsDiffer = b.Compare(LlvmBuilder.Slt, b.Binary(LlvmBuilder.Xor, rest, right), b.Constant(0));
        var correct = b.Binary(LlvmBuilder.And, b.Binary(LlvmBuilder.And, restNotZero, divisorNotZero), signsDiffer);
        var corrected = modulo ? b.Binary(LlvmBuilder.Add, result, right) : b.Binary(LlvmBuilder.Add, result, b.Constant(-1));
        return b.Select(correct, corrected, result);
    }

    IntPtr Absolute(IntPtr value)
    {
        var mask = b.Binary(LlvmBuilder.AShr, value, b.Constant(63));
        return b.Binary(LlvmBuilder.Sub, b.Binary(LlvmBuilder.Xor, value, mask), mask);
    }

    IntPtr UnaryOperation(UnaryOperator op, IntPtr value, IrType operandType)
    {
        switch (op)
        {
            case UnaryOperator.Negate: return b.Binary(LlvmBuilder.Sub, b.Constant(0), value);
            case UnaryOperator.BitNot: return b.Binary(LlvmBuilder.Xor, value, b.Constant(-1));
            case UnaryOperator.Abs: return Absolute(value);
            default:
                var t = (IntType)operandType;
                if (t.Bits == 8) return value; // swapping one byte changes nothing
                var swapped = ByteSwap(b.Cast(LlvmBuilder.Trunc, value, b.Int(t.Bits)), t.Bits);
                return b.Cast(t.Signed ? LlvmBuilder.SExt : LlvmBuilder.ZExt, swapped, b.I64);
        }
    }

    IntPtr ByteSwap(IntPtr value, int bits)
    {
        var (swap, type) = b.Intrinsic("llvm.bswap", b.Int(bits));
        return b.Call(type, swap, [value]);
    }

    /// <summary>Whether a value of <paramref name="value"/>'s type already fits <paramref name="target"/> as extended.</summary>
    static bool Fits(IrType value, IntType target)
        => value is IntType v && v.Bits <= target.Bits && (v.Signed == target.Signed || (!v.Signed && v.Bits < target.Bits));

    /// <summary>Truncates to <paramref name="type"/> and extends back to 64 bits.</summary>
    IntPtr Narrow(IntPtr value, IntType type)
        => b.Cast(type.Signed ? LlvmBuilder.SExt : LlvmBuilder.ZExt, b.Cast(LlvmBuilder.Trunc, value, b.Int(type.Bits)), b.I64);

    IntPtr LoadExtended(IntPtr address, IntType type)
    {
        var loaded = b.Load(b.Int(type.Bits), address);
        return type.Bits == 64 ? loaded : b.Cast(type.Signed ? LlvmBuilder.SExt : LlvmBuilder.ZExt, loaded, b.I64);
    }

    void StoreTo(IntPtr address, IntType type, IntPtr value)
    {
        var integer = AsInteger(value);
        b.Store(type.Bits == 64 ? integer : b.Cast(LlvmBuilder.Trunc, integer, b.Int(type.Bits)), address);
    }

    /// <summary>Map variables of fixed point are 8-byte signed integers by now.</summary>
    static IrType ScalarType(IrType type) => type is FixedType ? IrType.I64 : type;

    bool IsPointer(IntPtr value) => b.TypeOf(value) == b.Pointer;

    IntPtr AsInteger(IntPtr value) => IsPointer(value) ? b.Cast(LlvmBuilder.PtrToInt, value, b.I64) : value;

    IntPtr Coerce(IntPtr value, IrType type)
    {
        if (type is PointerType) return IsPointer(value) ? value : b.Cast(LlvmBuilder.IntToPtr, value, b.Pointer);
        return AsInteger(value);
    }

    // ---------------------------------------------------------------- maps, helpers and the packet

    (IntPtr Data, IntPtr End) Packet()
    {
        // loaded once, at the start: xdp_md.data and data_end are 32-bit fields holding pointers
        packet ??= (PacketPointer(0), PacketPointer(4));
        return packet.Value;
    }

    IntPtr PacketPointer(int offset)
    {
        // Opaque to LLVM: knowing that a pointer is a zero-extended 32-bit field, it narrows arithmetic on it (such
        // as data_end - data > 0 in a select) to 32 bits and, without 32-bit instructions (v1, v2), widens back with
        // shifts of data_end, which the verifier refuses on a packet pointer.
        return entry.Cast(LlvmBuilder.IntToPtr, entry.OpaqueLoad32(context, offset), entry.Pointer);
    }

    IntPtr PacketAddress(PacketField p)
    {
        if (p.Index is not null) throw new NotSupportedException($"{p.Location}: packet fields at computed offsets are not supported yet");
        return b.ByteOffset(Packet().Data, p.Offset);
    }

    int MapIndex(MapDeclaration map)
    {
        int index = maps.IndexOf(map);
        if (index >= 0) return index;
        maps.Add(map);
        return maps.Count - 1;
    }

    IntPtr Global(string name, IntPtr type)
    {
        if (!globals.TryGetValue(name, out var global)) globals[name] = global = b.ExternalGlobal(name, type);
        return global;
    }

    IntPtr MapValue(MapVariable v) => b.ByteOffset(Global(ValuePrefix + MapIndex(v.Map), b.ByteArray(v.Map.ValueSize)), v.Offset);

    IntPtr MapPointer(MapDeclaration map) => Global(MapPrefix + MapIndex(map), b.Int(8));

    IntPtr KeyOnStack(MapVariable v)
    {
        var slot = entry.Alloca(b.I64);
        StoreTo(slot, v.Map.KeySize <= 4 ? IrType.U32 : IrType.U64, b.Constant(v.Key));
        return slot;
    }

    /// <summary>A stack slot holding <paramref name="value"/> in its first <paramref name="bytes"/> bytes (a key or value for a helper).</summary>
    IntPtr OnStack(IntPtr value, int bytes)
    {
        if (bytes is not (1 or 2 or 4 or 8)) throw new NotSupportedException($"keys and values of {bytes} bytes are not supported yet");
        var slot = entry.Alloca(b.I64);
        StoreTo(slot, new IntType(bytes * 8, false), value);
        return slot;
    }

    /// <summary>Runs <paramref name="body"/> with a pointer to the variable's element when the lookup finds it.</summary>
    void InExistingElement(MapVariable v, Action<IntPtr> body)
    {
        var pointer = Helper(1, b.Pointer, MapPointer(v.Map), KeyOnStack(v));
        var found = NewBlock("found");
        var after = NewBlock("after");
        GotoIf(b.Compare(LlvmBuilder.Ne, pointer, b.Null), found, after, covered, covered);
        Enter(found);
        body(pointer);
        Goto(after);
        Enter(after);
    }

    /// <summary>A call of helper <paramref name="id"/> through its number as an address, as clang calls helpers.</summary>
    IntPtr Helper(int id, IntPtr returns, params IntPtr[] arguments)
    {
        var type = b.FunctionType(returns, [.. arguments.Select(b.TypeOf)]);
        var callee = b.Cast(LlvmBuilder.IntToPtr, b.Constant(id), b.Pointer);
        return b.Call(type, callee, arguments);
    }

    IntPtr Local(Local local)
    {
        if (!locals.TryGetValue(local.Id, out var slot))
        {
            locals[local.Id] = slot = entry.Alloca(local.Type is PointerType ? b.Pointer : b.I64);
            // an unassigned local reads as 0, as a fresh register in the direct back end's differential runs
            entry.Store(local.Type is PointerType ? b.Null : b.Constant(0), slot);
        }
        return slot;
    }

    IntPtr NewBlock(string name) => b.NewBlock(function, name);

    /// <summary>Continues in <paramref name="block"/>, knowing the packet bytes every branch into it knew.</summary>
    void Enter(IntPtr block)
    {
        b.PositionAt(block);
        covered = coveredAt.TryGetValue(block, out var bytes) ? bytes : long.MaxValue; // no branch in: dead code
    }

    void Goto(IntPtr target)
    {
        Reach(target, covered);
        b.Branch(target);
    }

    void GotoIf(IntPtr condition, IntPtr then, IntPtr otherwise, long coveredThen, long coveredOtherwise)
    {
        Reach(then, coveredThen);
        Reach(otherwise, coveredOtherwise);
        b.Branch(condition, then, otherwise);
    }

    void Reach(IntPtr block, long bytes) => coveredAt[block] = coveredAt.TryGetValue(block, out var known) ? Math.Min(known, bytes) : bytes;
}

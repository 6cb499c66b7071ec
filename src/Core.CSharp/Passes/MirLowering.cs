using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Mir;

namespace EbpfCat.Passes;

/// <summary>Pass: instruction selection from (checked, fixed-point-free) IR to MIR over virtual registers.</summary>
/// <remarks>
/// The code is shaped the way the kernel verifier can follow it: a packet-size guard becomes
/// <c>t = data + N; if t &gt; data_end goto else</c> and the packet is then read through that very
/// <c>data</c> register; array-map variables are reached by a direct map-value <c>lddw</c>; hash-map
/// variables through lookup with a null check. Conditions compile to jumps (short-circuit), never to
/// values. Values live in 64-bit registers, zero- or sign-extended according to their type.
/// </remarks>
/// <example><code>MirFunction mir = MirLowering.Lower(checkedProgram, CompilerOptions.Default);</code></example>
public sealed class MirLowering
{
    readonly CompilerOptions options;
    readonly List<MirItem> items = MirItems.Working();
    readonly Dictionary<int, VirtualRegister> locals = [];
    readonly Stack<GuardedPointer> guards = new();

    // Map-value addresses already in a register and still valid: the register is never written again, and the
    // instruction that set it comes before every later one up to the next label (so it runs first on every path
    // there). Kept within a statement only, and dropped at calls, so no address is kept live for long or across a call.
    readonly Dictionary<(MapDeclaration Map, int Offset), VirtualRegister> addresses = [];
    int nextRegister = VirtualRegister.FirstVirtual;
    int nextLabel;
    int stackBytes;
    VirtualRegister context;
    SourceLocation at = SourceLocation.Unknown;

    // The function's tables, which instructions index: a statement's instructions share its location, so the last
    // one looked up is kept; a short table is searched, a long one (a long program) gets a dictionary.
    readonly List<SourceLocation> locations = [SourceLocation.Unknown];
    readonly List<MapDeclaration> maps = [];
    Dictionary<SourceLocation, int>? locationIndex;
    SourceLocation lastLocation = SourceLocation.Unknown;
    int lastLocationIndex = MirFunction.UnknownLocation;

    static readonly VirtualRegister R0 = VirtualRegister.Of(Register.R0);
    static readonly VirtualRegister R10 = VirtualRegister.Of(Register.R10);

    MirLowering(CompilerOptions options) => this.options = options;

    /// <summary>Selects instructions for <paramref name="program"/>.</summary>
    public static MirFunction Lower(IrProgram program, CompilerOptions options)
    {
        var lowering = new MirLowering(options);
        lowering.context = lowering.NewRegister();
        lowering.Move(lowering.context, VirtualRegister.Of(Register.R1));
        lowering.Statement(program.Body);
        lowering.DropUnreadContext();
        return new MirFunction(MirItems.Finish(lowering.items), lowering.stackBytes, lowering.nextRegister)
        {
            Locations = lowering.locations,
            Maps = lowering.maps,
        };
    }

    /// <summary>The index of the current location <see cref="at"/> in the function's table.</summary>
    int Here
    {
        get
        {
            if (ReferenceEquals(at, lastLocation)) return lastLocationIndex;
            int index;
            if (locationIndex is null)
            {
                index = locations.IndexOf(at);
                if (index < 0 && locations.Count >= 16)
                {
                    locationIndex = new(locations.Count * 2);
                    for (int k = 0; k < locations.Count; k++) locationIndex[locations[k]] = k;
                }
            }
            else index = locationIndex.GetValueOrDefault(at, -1);
            if (index < 0)
            {
                index = locations.Count;
                locations.Add(at);
                locationIndex?.Add(at, index);
            }
            (lastLocation, lastLocationIndex) = (at, index);
            return index;
        }
    }

    /// <summary>The index of <paramref name="map"/> in the function's table (programs have a few maps). Each
    /// instruction keeps the very declaration it was lowered from, as when it held the reference itself.</summary>
    int MapIndex(MapDeclaration map)
    {
        for (int k = 0; k < maps.Count; k++)
            if (ReferenceEquals(maps[k], map)) return k;
        maps.Add(map);
        return maps.Count - 1;
    }

    /// <summary>Removes the copy of the context pointer that starts every function when nothing reads it (a program
    /// that never looks at its packet): allocation would coalesce it away, but only after every pass had carried it.</summary>
    void DropUnreadContext()
    {
        for (int k = 1; k < items.Count; k++)
            if (!items[k].IsMark && (items[k].UncheckedInstruction.Dst == context || items[k].UncheckedInstruction.Src == context)) return;
        items.RemoveAt(0);
    }

    // ---------------------------------------------------------------- statements

    void Statement(Stmt s)
    {
        at = s.Location;
        addresses.Clear();
        switch (s)
        {
            case Block b:
                int depth = guards.Count;
                foreach (var inner in b.Statements) Statement(inner);
                while (guards.Count > depth) guards.Pop(); // guards established by early exits end with their block
                break;
            case Assign a:
                Assign(a.Target, a.Value);
                break;
            case AtomicAdd a:
                AtomicAdd(a.Target, a.Value);
                break;
            case If i:
                IfElse(i);
                break;
            case Exit x:
                // Computed elsewhere and moved: r0 itself must not be live across a call inside the value.
                if (x.Value is Constant k) LoadConstant(R0, k.Value);
                else Move(R0, Value(x.Value));
                Emit(Instruction.Exit());
                break;
            case Evaluate e:
                Value(e.Expression);
                break;
            default:
                throw new InvalidOperationException($"cannot lower {s.GetType().Name}");
        }
    }

    void IfElse(If node)
    {
        var otherwise = NewLabel();
        var conjuncts = PacketGuard.Conjuncts(node.Condition).ToList();
        GuardedPointer? afterwards = null;
        int depth = guards.Count;
        if (conjuncts.Count == 1 && PacketGuard.TryMatch(conjuncts[0], out var negative) && !negative.WhenTrue)
        {
            // if (length < N) then else: the else-branch, and after an exiting then-branch the rest of
            // the block, may read N bytes.
            var pointers = GuardJump(negative, jumpWhenCovered: true, otherwise);
            Statement(node.Then);
            if (BoundsCheck.AlwaysExits(node.Then)) afterwards = pointers;
            at = node.Location;
            var end = NewLabel();
            bool hasElse = !node.Else.IsEmpty;
            if (hasElse && !EndsFlow()) Jump(end);
            Mark(otherwise);
            if (hasElse)
            {
                guards.Push(pointers);
                Statement(node.Else);
                guards.Pop();
                Mark(end);
            }
        }
        else
        {
            foreach (var c in conjuncts)
            {
                if (PacketGuard.TryMatch(c, out var g) && g.WhenTrue) guards.Push(GuardJump(g, jumpWhenCovered: false, otherwise));
                else BranchUnless(c, otherwise);
            }
            Statement(node.Then);
            while (guards.Count > depth) guards.Pop();
            at = node.Location;
            if (node.Else.IsEmpty) Mark(otherwise);
            else
            {
                var end = NewLabel();
                if (!EndsFlow()) Jump(end);
                Mark(otherwise);
                Statement(node.Else);
                Mark(end);
            }
        }
        if (afterwards is { } holds) guards.Push(holds);
    }

    /// <summary>Emits <c>probe = data + bytes; if probe &gt; end goto target</c> (or <c>&lt;=</c> when
    /// <paramref name="jumpWhenCovered"/>): the comparison from which the verifier learns the packet range. A guard
    /// from an offset local first makes the cursor <c>data + local</c>, once: the verifier gives the range to that
    /// pointer (and its copies) only, so every field at <c>local + k</c> is then read through it.</summary>
    GuardedPointer GuardJump(PacketGuard guard, bool jumpWhenCovered, MirLabel target)
    {
        var (data, end, _) = PacketPointers();
        if (guard.Index is { } local)
        {
            data = Copy(data);
            Emit(AluOperation.Add.Reg(0, 0), data, Local(local));
        }
        var probe = Copy(data);
        Emit(AluOperation.Add.Imm(0, (int)guard.Bytes), probe);
        var jump = jumpWhenCovered ? JumpOperation.JLE : JumpOperation.JGT;
        Emit(new MirInstruction(Opcode.Jump(jump, OperandSource.Register), probe, end, 0, 0, Here) { Target = target });
        return new GuardedPointer(data, end, guard.Index?.Id);
    }

    /// <summary>A packet pointer that a guard made safe to read through: <c>data</c> itself, or the cursor
    /// <c>data + local</c> of a guard from offset local <paramref name="Local"/>; and the packet's end.</summary>
    readonly record struct GuardedPointer(VirtualRegister Data, VirtualRegister End, int? Local);

    void Assign(Expr target, Expr value)
    {
        switch (target)
        {
            case LocalRef l:
                // Through a fresh register, since the value may read the local itself (x = y + x).
                Move(Local(l.Local), Value(value));
                NarrowInto(l.Local, value.Type);
                break;
            case MapVariableRef { Variable.Map.Kind: MapKind.Array } m:
                StoreTo(MapValueAddress(m.Variable), 0, AccessSize(m.Type), value);
                break;
            case MapVariableRef { Variable.Map.Kind: MapKind.PerCpuArray } m:
                StoreInExistingElement(m, value);
                break;
            case MapVariableRef m:
                var v = Value(value);
                var valueSlot = StackSlot(8);
                Store(R10, valueSlot, Isa.AccessSize.DoubleWord, v);
                var keySlot = KeyOnStack(m.Variable);
                Call(2, AddressOf(m.Variable.Map), StackAddress(keySlot), StackAddress(valueSlot), Immediate(0)); // BPF_ANY
                break;
            case PacketField p:
                var data = PacketData(p);
                if (p.NetworkOrder && p.FieldType.Bits > 8) // one byte has no byte order
                {
                    var swapped = Copy(Value(value));
                    Emit(AluOperationExtensions.ToBigEndian(0, p.FieldType.Bits), swapped);
                    Store(data, (short)p.Offset, AccessSize(p.Type), swapped);
                }
                else StoreTo(data, (short)p.Offset, AccessSize(p.Type), value);
                break;
            default:
                throw new InvalidOperationException($"cannot assign to {target}");
        }
    }

    void AtomicAdd(Expr target, Expr value)
    {
        switch (target)
        {
            case LocalRef l:
                Arithmetic(Local(l.Local), BinaryOperator.Add, value, signed: false);
                NarrowInto(l.Local, IrType.I64);
                break;
            case MapVariableRef { Variable.Map.Kind: MapKind.Array } m:
                var address = MapValueAddress(m.Variable);
                var addend = Value(value);
                Emit(new MirInstruction(Opcode.Memory(InstructionClass.Stx, AccessSize(m.Type), AccessMode.Atomic), address, addend, 0, (int)AtomicOperation.Add, Here));
                break;
            case MapVariableRef { Variable.Map: { Kind: MapKind.Hash, HoldsVariables: false } } m:
                throw new InvalidOperationException($"{m.Location}: '{m.Variable.Name}' is in hash map '{m.Variable.Map.Name}', which is not declared to hold variables (MapDeclaration.HoldsVariables)");
            case MapVariableRef m:
                // Hash maps of variables hold one entry per variable from load on (LoadedProgram makes them),
                // so an add is a lookup and an atomic add in place; the null check is for the verifier.
                AddInExistingElement(m, Value(value));
                break;
            case MapValueField f:
                var through = Value(f.Pointer);
                var delta = Value(value);
                Emit(new MirInstruction(Opcode.Memory(InstructionClass.Stx, AccessSize(f.Type), AccessMode.Atomic), through, delta, (short)f.Offset, (int)AtomicOperation.Add, Here));
                break;
            default:
                throw new InvalidOperationException($"cannot add atomically to {target}");
        }
    }

    // ---------------------------------------------------------------- conditions

    /// <summary>Falls through when <paramref name="condition"/> holds, jumps to <paramref name="otherwise"/> when not.</summary>
    void BranchUnless(Expr condition, MirLabel otherwise)
    {
        switch (condition)
        {
            case Logical { IsAnd: true } and:
                BranchUnless(and.Left, otherwise);
                BranchUnless(and.Right, otherwise);
                break;
            case Logical or:
                var then = NewLabel();
                BranchIf(or.Left, then);
                BranchUnless(or.Right, otherwise);
                Mark(then);
                break;
            case Not not:
                BranchIf(not.Operand, otherwise);
                break;
            case Compare c:
                CompareAndJump(c.Operator.Negated(), c, otherwise);
                break;
            default:
                // a number as a condition: true when not zero
                Emit(JumpOperation.JEQ.Imm(0, 0, 0), Value(condition), target: otherwise);
                break;
        }
    }

    /// <summary>Jumps to <paramref name="then"/> when <paramref name="condition"/> holds, falls through when not.</summary>
    void BranchIf(Expr condition, MirLabel then)
    {
        switch (condition)
        {
            case Logical { IsAnd: false } or:
                BranchIf(or.Left, then);
                BranchIf(or.Right, then);
                break;
            case Logical and:
                var skip = NewLabel();
                BranchUnless(and.Left, skip);
                BranchIf(and.Right, then);
                Mark(skip);
                break;
            case Not not:
                BranchUnless(not.Operand, then);
                break;
            case Compare c:
                CompareAndJump(c.Operator, c, then);
                break;
            default:
                Emit(JumpOperation.JNE.Imm(0, 0, 0), Value(condition), target: then);
                break;
        }
    }

    void CompareAndJump(CompareOperator op, Compare c, MirLabel target)
    {
        if (PacketGuard.TryMatch(c, out var guard))
        {
            // jump when the comparison (possibly negated by the caller) says the bytes are there
            bool jumpWhenCovered = guard.WhenTrue == (op == c.Operator);
            GuardJump(guard, jumpWhenCovered, target);
            return;
        }
        Expr left = c.Left, right = c.Right;
        if (left is Constant && right is not Constant)
        {
            (left, right) = (right, left);
            op = op.Mirrored();
        }
        if (options.Isa < IsaVersion.V2 && op is CompareOperator.Less or CompareOperator.LessOrEqual)
        {
            // v1 has no "less" jumps: a < b is b > a, with both operands in registers.
            var a = Value(left);
            var b = Value(right);
            Emit(new MirInstruction(Opcode.Jump(JumpFor(op.Mirrored(), c.IsSigned), OperandSource.Register), b, a, 0, 0, Here) { Target = target });
            return;
        }
        var jump = JumpFor(op, c.IsSigned);
        var l = Value(left);
        if (right is Constant narrow && ComparesIn32Bits(jump, left, narrow.Value))
            Emit(new MirInstruction(Opcode.Jump32(jump, OperandSource.Constant), l, default, 0, (int)(uint)narrow.Value, Here) { Target = target });
        else if (right is Constant k && FitsImmediate(k.Value))
            Emit(new MirInstruction(Opcode.Jump(jump, OperandSource.Constant), l, default, 0, k.Value, Here) { Target = target });
        else
            Emit(new MirInstruction(Opcode.Jump(jump, OperandSource.Register), l, Value(right), 0, 0, Here) { Target = target });
    }

    /// <summary>The innermost guard's pointers from the packet's start, or fresh loads of data and data_end.</summary>
    GuardedPointer PacketPointers()
    {
        foreach (var g in guards)
            if (g.Local is null) return g;
        var end = NewRegister();
        var data = NewRegister();
        Emit(Instruction.Load(Isa.AccessSize.Word, 0, 0, 4), end, context); // xdp_md.data_end
        Emit(Instruction.Load(Isa.AccessSize.Word, 0, 0, 0), data, context); // xdp_md.data
        return new GuardedPointer(data, end, null);
    }

    static JumpOperation JumpFor(CompareOperator op, bool signed) => (op, signed) switch
    {
        (CompareOperator.Equal, _) => JumpOperation.JEQ,
        (CompareOperator.NotEqual, _) => JumpOperation.JNE,
        (CompareOperator.Less, false) => JumpOperation.JLT,
        (CompareOperator.LessOrEqual, false) => JumpOperation.JLE,
        (CompareOperator.Greater, false) => JumpOperation.JGT,
        (CompareOperator.GreaterOrEqual, false) => JumpOperation.JGE,
        (CompareOperator.Less, true) => JumpOperation.JSLT,
        (CompareOperator.LessOrEqual, true) => JumpOperation.JSLE,
        (CompareOperator.Greater, true) => JumpOperation.JSGT,
        _ => JumpOperation.JSGE,
    };

    // ---------------------------------------------------------------- values

    /// <summary>A register holding the value; may be a local's own register, so callers must not modify it.</summary>
    VirtualRegister Value(Expr e)
    {
        if (e is LocalRef l) return Local(l.Local);
        var r = NewRegister();
        Into(r, e);
        return r;
    }

    /// <summary>A fresh register holding the value, free to modify.</summary>
    VirtualRegister Copy(VirtualRegister source)
    {
        var r = NewRegister();
        Move(r, source);
        return r;
    }

    /// <summary>Computes <paramref name="e"/> into <paramref name="dst"/>.</summary>
    void Into(VirtualRegister dst, Expr e)
    {
        var saved = at;
        at = e.Location == SourceLocation.Unknown ? at : e.Location;
        switch (e)
        {
            case Constant c:
                LoadConstant(dst, c.Value);
                break;
            case LocalRef l:
                Move(dst, Local(l.Local));
                break;
            case MapVariableRef { Variable.Map.Kind: MapKind.Array } m:
                LoadExtended(dst, MapValueAddress(m.Variable), 0, (IntType)m.Type);
                break;
            case MapVariableRef m:
                var pointer = Lookup(m.Variable);
                var missing = NewLabel();
                var done = NewLabel();
                Emit(JumpOperation.JEQ.Imm(0, 0, 0), pointer, target: missing);
                LoadExtended(dst, pointer, (short)m.Variable.Offset, (IntType)m.Type);
                Jump(done);
                Mark(missing);
                LoadConstant(dst, 0); // a variable never written reads as 0
                Mark(done);
                break;
            case PacketField p:
                var data = PacketData(p);
                if (p.NetworkOrder && p.FieldType.Bits > 8)
                {
                    Emit(Instruction.Load(AccessSize(p.Type), 0, 0, (short)p.Offset), dst, data);
                    Emit(AluOperationExtensions.ToBigEndian(0, p.FieldType.Bits), dst);
                    if (p.FieldType.Signed && p.FieldType.Bits < 64) SignExtend(dst, p.FieldType.Bits);
                }
                else LoadExtended(dst, data, (short)p.Offset, p.FieldType);
                break;
            case PacketLength:
                var (start, end, _) = PacketPointers();
                Move(dst, end);
                Emit(AluOperation.Sub.Reg(0, 0), dst, start);
                break;
            case ContextField f:
                LoadExtended(dst, context, (short)f.Offset, f.FieldType);
                break;
            case Binary b:
                Into(dst, b.Left);
                // >> is arithmetic exactly when its left operand is signed, whatever the shift amount's type
                Arithmetic(dst, b.Operator, b.Right, b.Operator == BinaryOperator.ShiftRight ? TypeRules.IsSigned(b.Left.Type) : TypeRules.IsSignedOperation(b.Left, b.Right));
                break;
            case Unary u:
                Into(dst, u.Operand);
                UnaryOperation(dst, u.Operator, u.Operand.Type);
                break;
            case Conversion c:
                Into(dst, c.Operand);
                if (c.TargetType is IntType t && t.Bits < 64) Narrow(dst, t);
                break;
            case HelperCall h:
                var result = Call(h.Helper, [.. h.Arguments.Select(Value)]);
                Move(dst, result);
                break;
            case MapLookup lookup:
                Move(dst, Call(1, AddressOf(lookup.Map), StackAddress(OnStack(lookup.Key, lookup.Map.KeySize))));
                break;
            case MapValueField field:
                LoadExtended(dst, Value(field.Pointer), (short)field.Offset, field.FieldType);
                break;
            case MapUpdate update:
                var keySlot = OnStack(update.Key, update.Map.KeySize);
                var valueSlot = OnStack(update.Value, update.Map.ValueSize);
                Move(dst, Call(2, AddressOf(update.Map), StackAddress(keySlot), StackAddress(valueSlot), Immediate(update.Flags)));
                break;
            case MapDelete delete:
                Move(dst, Call(3, AddressOf(delete.Map), StackAddress(OnStack(delete.Key, delete.Map.KeySize))));
                break;
            case Compare or Logical or Not:
                var no = NewLabel();
                LoadConstant(dst, 0);
                BranchUnless(e, no);
                LoadConstant(dst, 1);
                Mark(no);
                break;
            default:
                throw new InvalidOperationException($"cannot lower {e}");
        }
        at = saved;
    }

    void Arithmetic(VirtualRegister dst, BinaryOperator op, Expr right, bool signed)
    {
        switch (op)
        {
            case BinaryOperator.FloorDivide when signed:
                FloorDivide(dst, Value(right), modulo: false);
                return;
            case BinaryOperator.Modulo when signed:
                FloorDivide(dst, Value(right), modulo: true);
                return;
            case BinaryOperator.DivideTruncating or BinaryOperator.RemainderTruncating when signed && options.Isa >= IsaVersion.V4 && right is Constant { Value: not 0 } divisor && FitsImmediate(divisor.Value):
                // an immediate divisor saves the register (the verifier refuses only an immediate zero)
                Emit((op is BinaryOperator.RemainderTruncating ? AluOperation.Mod : AluOperation.Div).SignedImm(0, (int)divisor.Value), dst);
                return;
            case BinaryOperator.DivideTruncating or BinaryOperator.RemainderTruncating or BinaryOperator.FloorDivide or BinaryOperator.Modulo when signed:
                SignedDivide(dst, Value(right), remainder: op is BinaryOperator.RemainderTruncating);
                return;
        }
        var alu = op switch
        {
            BinaryOperator.Add => AluOperation.Add,
            BinaryOperator.Subtract => AluOperation.Sub,
            BinaryOperator.Multiply => AluOperation.Mul,
            BinaryOperator.DivideTruncating or BinaryOperator.FloorDivide => AluOperation.Div,
            BinaryOperator.RemainderTruncating or BinaryOperator.Modulo => AluOperation.Mod,
            BinaryOperator.ShiftLeft => AluOperation.Lsh,
            BinaryOperator.ShiftRight => signed ? AluOperation.Arsh : AluOperation.Rsh,
            BinaryOperator.BitAnd => AluOperation.And,
            BinaryOperator.BitOr => AluOperation.Or,
            BinaryOperator.BitXor => AluOperation.Xor,
            _ => throw new InvalidOperationException($"{op} should have been lowered before instruction selection"),
        };
        if (right is Constant { Value: 0 } && alu is AluOperation.Div or AluOperation.Mod)
        {
            // the verifier refuses division by an immediate zero; the result is defined as for a zero register:
            // the quotient is 0 and the remainder the dividend itself
            if (alu == AluOperation.Div) LoadConstant(dst, 0);
            return;
        }
        if (right is Constant k && FitsImmediate(k.Value))
            // the verifier refuses shift immediates outside [0, 64); the amount is defined modulo 64, as for registers
            Emit(alu.Imm(0, alu is AluOperation.Lsh or AluOperation.Rsh or AluOperation.Arsh ? (int)(k.Value & 63) : (int)k.Value), dst);
        else
            Emit(alu.Reg(0, 0), dst, Value(right));
    }

    /// <summary>Signed division or remainder truncating toward zero: sdiv/smod on v4, a branch-free sequence before.</summary>
    void SignedDivide(VirtualRegister dst, VirtualRegister divisor, bool remainder)
    {
        if (options.Isa >= IsaVersion.V4)
        {
            Emit((remainder ? AluOperation.Mod : AluOperation.Div).SignedReg(0, 0), dst, divisor);
            return;
        }
        // |a| op |b| with unsigned instructions, then the sign: of a^b for the quotient, of a for the remainder.
        var sign = Copy(dst);
        if (!remainder) Emit(AluOperation.Xor.Reg(0, 0), sign, divisor);
        Emit(AluOperation.Arsh.Imm(0, 63), sign);
        var magnitude = Copy(divisor);
        AbsoluteValue(dst);
        AbsoluteValue(magnitude);
        Emit((remainder ? AluOperation.Mod : AluOperation.Div).Reg(0, 0), dst, magnitude);
        Emit(AluOperation.Xor.Reg(0, 0), dst, sign);
        Emit(AluOperation.Sub.Reg(0, 0), dst, sign);
    }

    /// <summary>Floor division (or the matching modulo): truncating division corrected by one when the
    /// remainder is not zero and its sign differs from the divisor's.</summary>
    void FloorDivide(VirtualRegister dst, VirtualRegister divisor, bool modulo)
    {
        var rest = Copy(dst);
        SignedDivide(rest, divisor, remainder: true);
        if (!modulo) SignedDivide(dst, divisor, remainder: false);
        else Move(dst, rest);
        var done = NewLabel();
        Emit(JumpOperation.JEQ.Imm(0, 0, 0), rest, target: done);
        Emit(JumpOperation.JEQ.Imm(0, 0, 0), divisor, target: done); // x // 0 is 0 and x % 0 is x, uncorrected
        Emit(AluOperation.Xor.Reg(0, 0), rest, divisor);
        Emit(JumpOperation.JSGE.Imm(0, 0, 0), rest, target: done);
        if (modulo) Emit(AluOperation.Add.Reg(0, 0), dst, divisor);
        else Emit(AluOperation.Add.Imm(0, -1), dst);
        Mark(done);
    }

    void AbsoluteValue(VirtualRegister r)
    {
        var mask = Copy(r);
        Emit(AluOperation.Arsh.Imm(0, 63), mask);
        Emit(AluOperation.Xor.Reg(0, 0), r, mask);
        Emit(AluOperation.Sub.Reg(0, 0), r, mask);
    }

    void UnaryOperation(VirtualRegister dst, UnaryOperator op, IrType operandType)
    {
        switch (op)
        {
            case UnaryOperator.Negate:
                Emit(AluOperationExtensions.Negate(0), dst);
                break;
            case UnaryOperator.BitNot:
                Emit(AluOperation.Xor.Imm(0, -1), dst);
                break;
            case UnaryOperator.Abs:
                AbsoluteValue(dst);
                break;
            case UnaryOperator.ByteSwap:
                var t = (IntType)operandType;
                if (t.Bits == 8) break; // swapping one byte changes nothing
                Emit(AluOperationExtensions.ToBigEndian(0, t.Bits), dst);
                if (t.Signed && t.Bits < 64) SignExtend(dst, t.Bits);
                break;
        }
    }

    /// <summary>A local narrower than 64 bits holds only values of its type, as a store to memory of that
    /// width would: truncated and extended again, unless the value is of a type that already fits.</summary>
    void NarrowInto(Local local, IrType valueType)
    {
        if (local.Type is not IntType { Bits: < 64 } type) return;
        bool fits = valueType is IntType v && v.Bits <= type.Bits && (v.Signed == type.Signed || (!v.Signed && v.Bits < type.Bits));
        if (!fits) Narrow(Local(local), type);
    }

    /// <summary>Truncates a 64-bit value to <paramref name="type"/>, zero- or sign-extending it back to 64 bits.</summary>
    void Narrow(VirtualRegister r, IntType type)
    {
        if (type.Signed) SignExtend(r, type.Bits);
        else if (type.Bits == 32) Emit(AluOperation.Mov.Reg32(0, 0), r, r);
        else Emit(AluOperation.And.Imm(0, (int)((1L << type.Bits) - 1)), r);
    }

    void SignExtend(VirtualRegister r, int bits)
    {
        if (options.Isa >= IsaVersion.V4)
        {
            Emit(AluOperationExtensions.MoveSignExtend(0, 0, bits), r, r);
            return;
        }
        Emit(AluOperation.Lsh.Imm(0, 64 - bits), r);
        Emit(AluOperation.Arsh.Imm(0, 64 - bits), r);
    }

    void LoadExtended(VirtualRegister dst, VirtualRegister address, short offset, IntType type)
    {
        var size = AccessSize(type);
        if (!type.Signed || type.Bits == 64)
            Emit(Instruction.Load(size, 0, 0, offset), dst, address);
        else if (options.Isa >= IsaVersion.V4)
            Emit(Instruction.LoadSignExtend(size, 0, 0, offset), dst, address);
        else
        {
            Emit(Instruction.Load(size, 0, 0, offset), dst, address);
            SignExtend(dst, type.Bits);
        }
    }

    void StoreTo(VirtualRegister address, short offset, AccessSize size, Expr value)
    {
        if (value is Constant k && FitsImmediate(k.Value))
            Emit(new MirInstruction(Opcode.Memory(InstructionClass.St, size, AccessMode.Memory), address, default, offset, k.Value, Here));
        else
            Store(address, offset, size, Value(value));
    }

    void Store(VirtualRegister address, short offset, AccessSize size, VirtualRegister value)
        => Emit(new MirInstruction(Opcode.Memory(InstructionClass.Stx, size, AccessMode.Memory), address, value, offset, 0, Here));

    void LoadConstant(VirtualRegister dst, long value)
    {
        if (FitsImmediate(value)) Emit(AluOperation.Mov.Imm(0, (int)value), dst);
        else if (value is >= 0 and <= uint.MaxValue) Emit(AluOperation.Mov.Imm32(0, unchecked((int)(uint)value)), dst); // w = imm zero-extends
        else Emit(new MirInstruction(Opcode.LoadImm64, dst, default, 0, value, Here));
    }

    // ---------------------------------------------------------------- maps and the packet

    /// <summary>The pointer a field is read through: the innermost guard's from the start for a constant offset,
    /// the cursor of the innermost guard from the offset local for a computed one.</summary>
    VirtualRegister PacketData(PacketField p)
    {
        int? local = p.Index is LocalRef l ? l.Local.Id : null;
        if (p.Index is null || local is not null)
            foreach (var g in guards)
                if (g.Local == local) return g.Data;
        // Only with the checks off (to see the kernel's own verdict) does an unguarded access get this far.
        if (options.Checks) throw new InvalidOperationException($"{p.Location}: packet access outside a packet-size guard reached instruction selection");
        var data = PacketPointers().Data;
        if (p.Index is null) return data;
        var cursor = Copy(data);
        Emit(AluOperation.Add.Reg(0, 0), cursor, Value(p.Index));
        return cursor;
    }

    /// <summary>The register holding a variable's address in its array map's value: one <c>lddw</c> per statement
    /// serves every read and write of the variable in it (<c>v = v * 3</c>), unless a label or a call comes between
    /// (see <see cref="addresses"/>).</summary>
    VirtualRegister MapValueAddress(MapVariable v)
    {
        if (addresses.TryGetValue((v.Map, v.Offset), out var known)) return known;
        var r = NewRegister();
        Emit(new MirInstruction(Opcode.LoadImm64, r, default, 0, (long)v.Offset << 32, Here) { Map = MapIndex(v.Map), Pseudo = PseudoSource.MapValue });
        addresses[(v.Map, v.Offset)] = r;
        return r;
    }

    VirtualRegister AddressOf(MapDeclaration map)
    {
        var r = NewRegister();
        Emit(new MirInstruction(Opcode.LoadImm64, r, default, 0, 0, Here) { Map = MapIndex(map), Pseudo = PseudoSource.MapFd });
        return r;
    }

    short KeyOnStack(MapVariable v)
    {
        var slot = StackSlot(8);
        var size = v.Map.KeySize <= 4 ? Isa.AccessSize.Word : Isa.AccessSize.DoubleWord;
        if (FitsImmediate(v.Key)) Emit(new MirInstruction(Opcode.Memory(InstructionClass.St, size, AccessMode.Memory), R10, default, slot, v.Key, Here));
        else Store(R10, slot, size, Value(new Constant(v.Key, IrType.I64, at)));
        return slot;
    }

    // The lambdas live in methods of their own: a lambda capturing a parameter of Assign or AtomicAdd would cost
    // a closure object on every call of those, for every statement.
    void StoreInExistingElement(MapVariableRef m, Expr value)
        => InExistingElement(m.Variable, pointer => StoreTo(pointer, (short)m.Variable.Offset, AccessSize(m.Type), value));

    void AddInExistingElement(MapVariableRef m, VirtualRegister amount)
        => InExistingElement(m.Variable, pointer => Emit(new MirInstruction(Opcode.Memory(InstructionClass.Stx, AccessSize(m.Type), AccessMode.Atomic), pointer, amount, (short)m.Variable.Offset, (int)AtomicOperation.Add, Here)));

    /// <summary>Runs <paramref name="body"/> with a pointer to the variable's element, which always exists
    /// in an array map; the null check is there for the verifier.</summary>
    void InExistingElement(MapVariable v, Action<VirtualRegister> body)
    {
        var pointer = Lookup(v);
        var skip = NewLabel();
        Emit(JumpOperation.JEQ.Imm(0, 0, 0), pointer, target: skip);
        body(pointer);
        Mark(skip);
    }

    /// <summary>A stack slot holding <paramref name="value"/> in its first <paramref name="bytes"/> bytes (a key or value for a helper).</summary>
    short OnStack(Expr value, int bytes)
    {
        var slot = StackSlot((bytes + 7) / 8 * 8);
        StoreTo(R10, slot, Isa.AccessSizeExtensions.FromBytes(bytes), value);
        return slot;
    }

    VirtualRegister Lookup(MapVariable v)
    {
        var key = KeyOnStack(v);
        return Call(1, AddressOf(v.Map), StackAddress(key));
    }

    VirtualRegister StackAddress(short slot)
    {
        var r = Copy(R10);
        Emit(AluOperation.Add.Imm(0, slot), r);
        return r;
    }

    VirtualRegister Immediate(long value)
    {
        var r = NewRegister();
        LoadConstant(r, value);
        return r;
    }

    short StackSlot(int bytes)
    {
        stackBytes += bytes;
        if (stackBytes > 512) throw new InvalidOperationException("more than 512 bytes of stack");
        return (short)-stackBytes;
    }

    VirtualRegister Call(int helper, params VirtualRegister[] arguments)
    {
        for (int i = 0; i < arguments.Length; i++) Move(new VirtualRegister(i + 1), arguments[i]);
        addresses.Clear();
        Emit(new MirInstruction(Opcode.Jump(JumpOperation.Call, OperandSource.Constant), default, default, 0, helper, Here) { Arguments = arguments.Length });
        return Copy(R0);
    }

    // ---------------------------------------------------------------- emission helpers

    VirtualRegister NewRegister() => new(nextRegister++);

    MirLabel NewLabel() => new(nextLabel++);

    VirtualRegister Local(Local local)
    {
        if (!locals.TryGetValue(local.Id, out var r)) locals[local.Id] = r = NewRegister();
        return r;
    }

    static bool FitsImmediate(long value) => value is >= int.MinValue and <= int.MaxValue;

    /// <summary>Whether a test of <paramref name="left"/> against a constant is a 32-bit jump (ISA v3): the value is
    /// known to fit in 32 bits, so its upper half is zero and the low halves decide an equality, or an unsigned order,
    /// with any constant of 0 to 2^32 − 1. Equalities always are, as clang's are, so that a chain of them on one value
    /// stays one kind of test for the search tree whatever its constants; orders only where the constant is 2^31 or
    /// more, which no 64-bit jump can take as its sign-extended immediate and would otherwise be loaded into a register.</summary>
    bool ComparesIn32Bits(JumpOperation jump, Expr left, long constant)
        => options.Isa >= IsaVersion.V3 && constant is >= 0 and <= uint.MaxValue && ValueRange.Max(left) is <= uint.MaxValue
           && (jump is JumpOperation.JEQ or JumpOperation.JNE
               || (constant > int.MaxValue && jump is JumpOperation.JGT or JumpOperation.JGE or JumpOperation.JLT or JumpOperation.JLE));

    static AccessSize AccessSize(IrType type) => AccessSizeExtensions.FromBytes(type.Size);

    void Move(VirtualRegister dst, VirtualRegister src)
    {
        if (dst != src) Emit(AluOperation.Mov.Reg(0, 0), dst, src);
    }

    void Jump(MirLabel target) => Emit(new MirInstruction(Opcode.Jump(JumpOperation.JA, OperandSource.Constant), default, default, 0, 0, Here) { Target = target });

    void Mark(MirLabel label)
    {
        addresses.Clear();
        items.Add(new MirLabelMark(label));
    }

    bool EndsFlow() => items.Count > 0 && !items[^1].IsMark && MirOperands.EndsFlow(items[^1].UncheckedInstruction);

    /// <summary>Adds an instruction template with virtual registers in place of its register fields.</summary>
    void Emit(Instruction template, VirtualRegister dst = default, VirtualRegister src = default, MirLabel? target = null)
        => Emit(new MirInstruction(template.Opcode, dst, src, template.Offset, template.Immediate, Here) { Target = target });

    void Emit(MirInstruction instruction) => items.Add(instruction);
}

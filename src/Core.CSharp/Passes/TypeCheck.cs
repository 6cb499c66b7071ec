using EbpfCat.Diagnostics;
using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>Pass: reports what is ill-typed, with the user's source location: conditions used as
/// numbers and numbers as conditions, bit operations on fixed point, assignments to what cannot be
/// assigned, atomic adds the kernel cannot do, constants that do not fit their destination, and
/// locals read before they are assigned.</summary>
/// <example><code>IReadOnlyList&lt;Diagnostic&gt; problems = TypeCheck.Run(program);</code></example>
public sealed class TypeCheck
{
    readonly List<Diagnostic> diagnostics = [];

    /// <summary>The diagnostics for <paramref name="program"/>; empty when it is well-typed.</summary>
    public static IReadOnlyList<Diagnostic> Run(IrProgram program)
    {
        var check = new TypeCheck();
        check.Block(program.Body, []);
        return check.diagnostics;
    }

    /// <summary>Checks the block; <paramref name="assigned"/> holds the locals definitely assigned on
    /// entry and, on return, on exit.</summary>
    void Block(Block block, HashSet<int> assigned)
    {
        foreach (var s in block.Statements) Statement(s, assigned);
    }

    void Statement(Stmt s, HashSet<int> assigned)
    {
        switch (s)
        {
            case Block b:
                Block(b, assigned);
                break;
            case Assign { Target: LocalRef { Type: PointerType } } a:
                Pointer(a.Value, assigned);
                Target(a.Target, a.Value, assigned, atomic: false);
                assigned.Add(((LocalRef)a.Target).Local.Id);
                break;
            case Assign a:
                Number(a.Value, assigned, allowCondition: true);
                Target(a.Target, a.Value, assigned, atomic: false);
                if (a.Target is LocalRef l) assigned.Add(l.Local.Id);
                break;
            case AtomicAdd a:
                Number(a.Value, assigned);
                Target(a.Target, a.Value, assigned, atomic: true);
                break;
            case If i:
                Condition(i.Condition, assigned);
                var then = new HashSet<int>(assigned);
                var otherwise = new HashSet<int>(assigned);
                Block(i.Then, then);
                Block(i.Else, otherwise);
                // definitely assigned after the if: on both paths, or on the one that does not exit
                if (BoundsCheck.AlwaysExits(i.Then)) assigned.UnionWith(otherwise);
                else if (BoundsCheck.AlwaysExits(i.Else)) assigned.UnionWith(then);
                else { then.IntersectWith(otherwise); assigned.UnionWith(then); }
                break;
            case Exit x:
                Number(x.Value, assigned);
                break;
            case Evaluate e:
                Number(e.Expression, assigned, allowCondition: true);
                break;
        }
    }

    void Target(Expr target, Expr value, HashSet<int> assigned, bool atomic)
    {
        if (!target.IsAssignable)
        {
            Report(DiagnosticIds.NotAssignable, target.Location, $"{target} cannot be assigned to; assign to a local, a map variable or a packet field");
            return;
        }
        if (target is PacketField p && p.Index is not null) Number(p.Index, assigned);
        if (target is MapValueField through) Pointer(through.Pointer, assigned);
        if (atomic)
        {
            switch (target)
            {
                case PacketField:
                    Report(DiagnosticIds.AtomicAddSize, target.Location, "the kernel does not allow atomic operations on packet memory; read, add and write the field instead");
                    return;
                case LocalRef l when !assigned.Contains(l.Local.Id):
                    Report(DiagnosticIds.UnassignedLocal, target.Location, $"local '{l.Local.Name}' is added to before it is assigned");
                    return;
                case MapValueField f when f.Type.Size is not (4 or 8):
                    Report(DiagnosticIds.AtomicAddSize, target.Location, $"the map value is {f.Type.Size} bytes wide; += is atomic only for 4- and 8-byte values");
                    return;
                case MapVariableRef m when m.Type.Size is not (4 or 8):
                    Report(DiagnosticIds.AtomicAddSize, target.Location,
                        $"'{m.Variable.Name}' is {m.Type.Size} byte{(m.Type.Size == 1 ? "" : "s")} wide; += is atomic only for 4- and 8-byte variables; use a variable of format i, I, q or Q, or assign instead");
                    return;
            }
        }
        if (value is Constant c && target.Type is IntType t && !Fits(c, t))
            Report(DiagnosticIds.ConstantOverflow, value.Location, $"{c.Value} does not fit in {target} ({t}: {Range(t)})");
    }

    static bool Fits(Constant c, IntType t)
    {
        if (c.Type is not IntType || t.Bits == 64) return true;
        var (min, max) = Bounds(t);
        return c.Value >= min && c.Value <= max;
    }

    static (long Min, long Max) Bounds(IntType t) => t.Signed
        ? (-(1L << (t.Bits - 1)), (1L << (t.Bits - 1)) - 1)
        : (0, (1L << t.Bits) - 1);

    static string Range(IntType t) { var (min, max) = Bounds(t); return $"{min}..{max}"; }

    void Condition(Expr e, HashSet<int> assigned)
    {
        switch (e)
        {
            case Logical l:
                Condition(l.Left, assigned);
                Condition(l.Right, assigned);
                break;
            case Not n:
                Condition(n.Operand, assigned);
                break;
            case Compare c when c.Left.Type is PointerType || c.Right.Type is PointerType:
                if (c.Operator is not (CompareOperator.Equal or CompareOperator.NotEqual)
                    || !(c.Left is Constant { Value: 0 } || c.Right is Constant { Value: 0 }))
                    Report(DiagnosticIds.TypeMismatch, c.Location, "a pointer can only be compared with null (== or !=)");
                Pointer(c.Left.Type is PointerType ? c.Left : c.Right, assigned);
                break;
            case Compare c:
                Number(c.Left, assigned);
                Number(c.Right, assigned);
                break;
            default:
                // a condition that is none of the above is a constant true or false: nothing inside to check
                if (e.Type is not BoolType)
                    Report(DiagnosticIds.TypeMismatch, e.Location, $"{e} is a number where a condition is expected; compare it, e.g. with != 0");
                break;
        }
    }

    /// <summary>A pointer where one is expected: a local holding one, or a lookup.</summary>
    void Pointer(Expr e, HashSet<int> assigned)
    {
        switch (e)
        {
            case LocalRef l when !assigned.Contains(l.Local.Id):
                Report(DiagnosticIds.UnassignedLocal, e.Location, $"local '{l.Local.Name}' is read before it is assigned on every path");
                break;
            case MapLookup lookup:
                Number(lookup.Key, assigned);
                break;
            case LocalRef:
                break;
            default:
                Report(DiagnosticIds.TypeMismatch, e.Location, $"{e} is not a pointer");
                break;
        }
    }

    void Number(Expr e, HashSet<int> assigned, bool allowCondition = false)
    {
        if (e.Type is PointerType)
        {
            Report(DiagnosticIds.TypeMismatch, e.Location, $"{e} is a pointer; only a field it points to can be used as a number");
            return;
        }
        if (e.Type is BoolType)
        {
            if (allowCondition) Condition(e, assigned);
            else Report(DiagnosticIds.TypeMismatch, e.Location, $"{e} is a condition where a number is expected");
            return;
        }
        switch (e)
        {
            case LocalRef l when !assigned.Contains(l.Local.Id):
                Report(DiagnosticIds.UnassignedLocal, e.Location, $"local '{l.Local.Name}' is read before it is assigned on every path");
                break;
            case Binary b:
                Number(b.Left, assigned);
                Number(b.Right, assigned);
                if (b.Operator is BinaryOperator.ShiftLeft or BinaryOperator.ShiftRight or BinaryOperator.BitAnd or BinaryOperator.BitOr or BinaryOperator.BitXor
                    && (b.Left.Type is FixedType || b.Right.Type is FixedType))
                    Report(DiagnosticIds.FixedPointBitOperation, e.Location, $"{b.Operator} is not defined for fixed point; convert to an integer first");
                break;
            case Unary u:
                Number(u.Operand, assigned);
                if (u.Operator is UnaryOperator.BitNot or UnaryOperator.ByteSwap && u.Operand.Type is FixedType)
                    Report(DiagnosticIds.FixedPointBitOperation, e.Location, $"{u.Operator} is not defined for fixed point; convert to an integer first");
                break;
            case Ir.Conversion c:
                Number(c.Operand, assigned);
                break;
            case PacketField { Index: { } index }:
                Number(index, assigned);
                break;
            case MapValueField f:
                Pointer(f.Pointer, assigned);
                break;
            case MapUpdate u:
                Number(u.Key, assigned);
                Number(u.Value, assigned);
                break;
            case MapDelete d:
                Number(d.Key, assigned);
                break;
            case HelperCall h:
                if (h.Arguments.Count > 5) Report(DiagnosticIds.TypeMismatch, e.Location, $"helper {h.Helper} is called with {h.Arguments.Count} arguments; helpers take at most 5");
                foreach (var a in h.Arguments) Number(a, assigned);
                break;
        }
    }

    void Report(string id, SourceLocation at, string message) => diagnostics.Add(new Diagnostic(id, Severity.Error, at, message));
}

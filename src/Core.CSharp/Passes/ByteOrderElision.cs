using EbpfCat.Ir;

namespace EbpfCat.Passes;

/// <summary>Pass: a local that only ever holds network-order packet fields and is only tested for (in)equality
/// with constants holds the field's raw bytes instead, typed as the field, and the constants are byte-swapped once, here.</summary>
/// <remarks>
/// <para>A parser keeps a header field in a local and tests it against a list of values:
/// <c>var source = Local(Packet.Network.I[26]); If(source == 10.0.0.1, …); If(source == 10.0.0.2, …)</c>.
/// Swapping the constants instead of the field saves a <c>be32</c> in every run, which is what clang does with the
/// same C. <see cref="Simplify"/> does the same for a field compared directly; this pass extends it to locals, which
/// needs every use of the local, so it looks at the whole program first.</para>
/// <para>Equality is all the local may be used for: the raw and the swapped value are the same bits in another
/// order, so equal values stay equal, but their order and arithmetic on them change. The local must also hold the
/// field's value exactly (unsigned and at least as wide, or wider when signed), every constant must lie in the
/// field's range, and fields are 16 or 32 bits wide, so every value compared is the same non-negative number in
/// any comparison width or signedness. Typed as the
/// field (a u64 local of a u32 field becomes u32), the local tells instruction selection that it fits in 32 bits, so
/// a constant of 2^31 or more is a 32-bit jump's immediate rather than a register loaded first.</para>
/// </remarks>
/// <example><code>IrProgram rewritten = ByteOrderElision.Run(simplified);</code></example>
public static class ByteOrderElision
{
    /// <summary>The program with every local that qualifies holding raw bytes; the same instance when none does.</summary>
    public static IrProgram Run(IrProgram program)
    {
        var census = new Census();
        census.Rewrite(program);
        var raw = census.Qualifying();
        return raw.Count == 0 ? program : new Rewriter(raw).Rewrite(program);
    }

    static bool IsSwappable(PacketField field) => field is { NetworkOrder: true, FieldType: { Signed: false, Bits: 16 or 32 } };

    /// <summary>Whether a local of <paramref name="local"/>'s type holds every value of <paramref name="field"/> as it is.</summary>
    static bool HoldsExactly(IrType local, IntType field) => local is IntType t && (t.Signed ? t.Bits > field.Bits : t.Bits >= field.Bits);

    /// <summary>The local an (in)equality compares with a constant, and the constant; null for any other expression.</summary>
    static (LocalRef Local, Constant Constant)? EqualityWithConstant(Compare c) => c switch
    {
        { Operator: CompareOperator.Equal or CompareOperator.NotEqual, Left: LocalRef l, Right: Constant k } => (l, k),
        { Operator: CompareOperator.Equal or CompareOperator.NotEqual, Left: Constant k, Right: LocalRef l } => (l, k),
        _ => null,
    };

    /// <summary>Walks the program without changing it, noting for each local the field type it is assigned and
    /// whether anything else ever happens to it.</summary>
    sealed class Census : IrRewriter
    {
        readonly Dictionary<Local, IntType> fieldOf = [];
        readonly HashSet<Local> disqualified = [];
        readonly List<(Local Local, Constant Constant)> comparedWith = [];

        /// <summary>Each local that qualifies, with the type of the fields it holds.</summary>
        public Dictionary<Local, IntType> Qualifying()
        {
            foreach (var (local, constant) in comparedWith)
                if (fieldOf.TryGetValue(local, out var field) && ConstantArithmetic.Narrow(constant.Value, field) != constant.Value)
                    disqualified.Add(local);
            foreach (var local in disqualified) fieldOf.Remove(local); // the census is used once: what is left qualifies
            return fieldOf;
        }

        protected override Stmt RewriteAssign(Assign node)
        {
            if (node.Target is not LocalRef { Local: var local }) return base.RewriteAssign(node);
            Rewrite(node.Value);
            if (node.Value is PacketField field && IsSwappable(field) && HoldsExactly(local.Type, field.FieldType)
                && (!fieldOf.TryGetValue(local, out var before) || before == field.FieldType))
                fieldOf[local] = field.FieldType;
            else disqualified.Add(local);
            return node;
        }

        protected override Expr RewriteCompare(Compare node)
        {
            if (EqualityWithConstant(node) is not { } use) return base.RewriteCompare(node);
            comparedWith.Add((use.Local.Local, use.Constant));
            return node;
        }

        // Any other mention: arithmetic, a copy, an atomic add, an exit value, a map key.
        protected override Expr RewriteLocal(LocalRef node)
        {
            disqualified.Add(node.Local);
            return node;
        }
    }

    /// <summary>Each qualifying local becomes one of the field's own type, holding the raw bytes.</summary>
    sealed class Rewriter(Dictionary<Local, IntType> raw) : IrRewriter
    {
        readonly Dictionary<Local, Local> retyped = raw.ToDictionary(p => p.Key, p => p.Key with { Type = p.Value });

        protected override Expr RewriteLocal(LocalRef node) => retyped.TryGetValue(node.Local, out var local) ? node with { Local = local } : node;

        protected override Stmt RewriteAssign(Assign node)
            => node is { Target: LocalRef { Local: var local } target, Value: PacketField field } && raw.ContainsKey(local)
                ? node with { Target = Rewrite(target), Value = field with { NetworkOrder = false, Index = field.Index is null ? null : Rewrite(field.Index) } }
                : base.RewriteAssign(node);

        protected override Expr RewriteCompare(Compare node)
        {
            if (EqualityWithConstant(node) is not { } use || !raw.TryGetValue(use.Local.Local, out var field)) return base.RewriteCompare(node);
            long swapped = ConstantArithmetic.Unary(UnaryOperator.ByteSwap, use.Constant.Value, field);
            // the constant's own type may be too narrow for the swapped value (0x0800:u16 against a u32 field)
            var type = use.Constant.Type is IntType t && ConstantArithmetic.Narrow(swapped, t) == swapped ? use.Constant.Type : field;
            Expr constant = use.Constant with { Value = swapped, ConstantType = type }, local = Rewrite(use.Local);
            return ReferenceEquals(node.Left, use.Constant) ? node with { Left = constant, Right = local } : node with { Left = local, Right = constant };
        }
    }
}

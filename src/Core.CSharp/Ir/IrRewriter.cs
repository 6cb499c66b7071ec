namespace EbpfCat.Ir;

/// <summary>The base of IR-to-IR passes: visits every node bottom-up and rebuilds only what changed,
/// so an untouched subtree is returned as the very same instance.</summary>
/// <remarks>Override the <c>Rewrite…</c> method of the node kinds a pass cares about; call the base
/// to rewrite the children first. Returning the input unchanged is always correct.</remarks>
/// <example><code>
/// sealed class DropEmptyElse : IrRewriter
/// {
///     protected override Stmt RewriteIf(If node) => base.RewriteIf(node);
/// }
/// </code></example>
public abstract class IrRewriter
{
    /// <summary>Rewrites a program's body.</summary>
    public virtual IrProgram Rewrite(IrProgram program) => program.WithBody(RewriteBlock(program.Body));

    /// <summary>Dispatches on the expression's kind, then gives <see cref="Finish"/> the result.</summary>
    public Expr Rewrite(Expr e) => Finish(e switch
    {
        Constant c => RewriteConstant(c),
        LocalRef l => RewriteLocal(l),
        MapVariableRef m => RewriteMapVariable(m),
        PacketField p => RewritePacketField(p),
        PacketLength p => RewritePacketLength(p),
        ContextField c => RewriteContextField(c),
        Binary b => RewriteBinary(b),
        Unary u => RewriteUnary(u),
        Conversion c => RewriteConversion(c),
        HelperCall h => RewriteHelperCall(h),
        Compare c => RewriteCompare(c),
        Logical l => RewriteLogical(l),
        Not n => RewriteNot(n),
        MapLookup l => RewriteMapLookup(l),
        MapValueField f => RewriteMapValueField(f),
        MapUpdate u => RewriteMapUpdate(u),
        MapDelete d => RewriteMapDelete(d),
        _ => throw new InvalidOperationException($"unknown expression {e.GetType().Name}"),
    });

    /// <summary>A last look at every rewritten expression, whatever its kind (e.g. to fill in locations).</summary>
    protected virtual Expr Finish(Expr rewritten) => rewritten;

    /// <summary>Dispatches on the statement's kind.</summary>
    public Stmt Rewrite(Stmt s) => s switch
    {
        Assign a => RewriteAssign(a),
        AtomicAdd a => RewriteAtomicAdd(a),
        If i => RewriteIf(i),
        Exit x => RewriteExit(x),
        Evaluate v => RewriteEvaluate(v),
        Block b => RewriteBlock(b),
        _ => throw new InvalidOperationException($"unknown statement {s.GetType().Name}"),
    };

    /// <summary>Leaves constants as they are.</summary>
    protected virtual Expr RewriteConstant(Constant node) => node;
    /// <summary>Leaves local references as they are.</summary>
    protected virtual Expr RewriteLocal(LocalRef node) => node;
    /// <summary>Leaves map variables as they are.</summary>
    protected virtual Expr RewriteMapVariable(MapVariableRef node) => node;
    /// <summary>Rewrites the index of a packet field.</summary>
    protected virtual Expr RewritePacketField(PacketField node)
    {
        if (node.Index is null) return node;
        var index = Rewrite(node.Index);
        return Same(node.Index, index) ? node : node with { Index = index };
    }
    /// <summary>Leaves the packet length as it is.</summary>
    protected virtual Expr RewritePacketLength(PacketLength node) => node;
    /// <summary>Leaves context fields as they are.</summary>
    protected virtual Expr RewriteContextField(ContextField node) => node;

    /// <summary>Rewrites both operands.</summary>
    protected virtual Expr RewriteBinary(Binary node)
    {
        var l = Rewrite(node.Left);
        var r = Rewrite(node.Right);
        return Same(node.Left, l) && Same(node.Right, r) ? node : node with { Left = l, Right = r };
    }

    /// <summary>Rewrites the operand.</summary>
    protected virtual Expr RewriteUnary(Unary node)
    {
        var o = Rewrite(node.Operand);
        return Same(node.Operand, o) ? node : node with { Operand = o };
    }

    /// <summary>Rewrites the operand.</summary>
    protected virtual Expr RewriteConversion(Conversion node)
    {
        var o = Rewrite(node.Operand);
        return Same(node.Operand, o) ? node : node with { Operand = o };
    }

    /// <summary>Rewrites the arguments.</summary>
    protected virtual Expr RewriteHelperCall(HelperCall node)
    {
        var args = node.Arguments.Map(Rewrite);
        return args.Items == node.Arguments.Items ? node : node with { Arguments = args };
    }

    /// <summary>Rewrites both operands.</summary>
    protected virtual Expr RewriteCompare(Compare node)
    {
        var l = Rewrite(node.Left);
        var r = Rewrite(node.Right);
        return Same(node.Left, l) && Same(node.Right, r) ? node : node with { Left = l, Right = r };
    }

    /// <summary>Rewrites both operands.</summary>
    protected virtual Expr RewriteLogical(Logical node)
    {
        var l = Rewrite(node.Left);
        var r = Rewrite(node.Right);
        return Same(node.Left, l) && Same(node.Right, r) ? node : node with { Left = l, Right = r };
    }

    /// <summary>Rewrites the operand.</summary>
    protected virtual Expr RewriteNot(Not node)
    {
        var o = Rewrite(node.Operand);
        return Same(node.Operand, o) ? node : node with { Operand = o };
    }

    /// <summary>Rewrites the key.</summary>
    protected virtual Expr RewriteMapLookup(MapLookup node)
    {
        var k = Rewrite(node.Key);
        return Same(node.Key, k) ? node : node with { Key = k };
    }

    /// <summary>Rewrites the pointer.</summary>
    protected virtual Expr RewriteMapValueField(MapValueField node)
    {
        var p = Rewrite(node.Pointer);
        return Same(node.Pointer, p) ? node : node with { Pointer = p };
    }

    /// <summary>Rewrites key and value.</summary>
    protected virtual Expr RewriteMapUpdate(MapUpdate node)
    {
        var k = Rewrite(node.Key);
        var v = Rewrite(node.Value);
        return Same(node.Key, k) && Same(node.Value, v) ? node : node with { Key = k, Value = v };
    }

    /// <summary>Rewrites the key.</summary>
    protected virtual Expr RewriteMapDelete(MapDelete node)
    {
        var k = Rewrite(node.Key);
        return Same(node.Key, k) ? node : node with { Key = k };
    }

    /// <summary>Rewrites target and value.</summary>
    protected virtual Stmt RewriteAssign(Assign node)
    {
        var t = Rewrite(node.Target);
        var v = Rewrite(node.Value);
        return Same(node.Target, t) && Same(node.Value, v) ? node : node with { Target = t, Value = v };
    }

    /// <summary>Rewrites target and value.</summary>
    protected virtual Stmt RewriteAtomicAdd(AtomicAdd node)
    {
        var t = Rewrite(node.Target);
        var v = Rewrite(node.Value);
        return Same(node.Target, t) && Same(node.Value, v) ? node : node with { Target = t, Value = v };
    }

    /// <summary>Rewrites the condition and both branches.</summary>
    protected virtual Stmt RewriteIf(If node)
    {
        var c = Rewrite(node.Condition);
        var t = RewriteBlock(node.Then);
        var e = RewriteBlock(node.Else);
        return Same(node.Condition, c) && Same(node.Then, t) && Same(node.Else, e) ? node : node with { Condition = c, Then = t, Else = e };
    }

    /// <summary>Rewrites the value.</summary>
    protected virtual Stmt RewriteExit(Exit node)
    {
        var v = Rewrite(node.Value);
        return Same(node.Value, v) ? node : node with { Value = v };
    }

    /// <summary>Rewrites the expression.</summary>
    protected virtual Stmt RewriteEvaluate(Evaluate node)
    {
        var e = Rewrite(node.Expression);
        return Same(node.Expression, e) ? node : node with { Expression = e };
    }

    /// <summary>Rewrites each statement; a rewritten statement that is an empty block disappears and a
    /// nested block is spliced in, so passes can delete or expand statements by returning blocks.</summary>
    protected virtual Block RewriteBlock(Block node)
    {
        List<Stmt>? changed = null;
        for (int i = 0; i < node.Statements.Count; i++)
        {
            var before = node.Statements[i];
            var after = Rewrite(before);
            if (changed is null && !ReferenceEquals(before, after))
            {
                changed = new List<Stmt>(node.Statements.Count);
                for (int j = 0; j < i; j++) changed.Add(node.Statements[j]);
            }
            if (changed is null) continue;
            if (after is Block inner && before is not Block) changed.AddRange(inner.Statements);
            else changed.Add(after);
        }
        return changed is null ? node : node with { Statements = [.. changed] };
    }

    /// <summary>True when a rewrite returned its input.</summary>
    protected static bool Same<T>(T before, T after) where T : class => ReferenceEquals(before, after);
}

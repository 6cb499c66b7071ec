using EbpfCat.Ir;

namespace EbpfCat.Properties.Compiler;

/// <summary>The seed's programs written directly in IR, shared by the pipeline tests.</summary>
public static class ReferencePrograms
{
    static readonly SourceLocation At = new("ReferencePrograms.cs", 1);

    public static readonly MapDeclaration Globals = new("globals", MapKind.Array, 4, 16, 1);
    public static readonly MapVariable Count = new(Globals, "count", IrType.U64, 0, 0);
    public static readonly MapVariable Other = new(Globals, "other", IrType.U64, 8, 0);

    public static Constant Int(long v) => new(v, IrType.I64, At);

    /// <summary>count += 1; exit PASS.</summary>
    public static IrProgram CountProgram() => new("count", "GPL", [Globals], new Block(
    [
        new AtomicAdd(new MapVariableRef(Count, At), Int(1), At),
        new Exit(Int(2), At),
    ], At));

    /// <summary>if (len &gt;= 14) { if (EtherType@12 == 8) count += 1 else other += 1 }; exit PASS.</summary>
    public static IrProgram IpCountProgram() => new("ipcount", "GPL", [Globals], new Block(
    [
        new If(new Compare(CompareOperator.GreaterOrEqual, new PacketLength(At), Int(14), At),
            new Block(
            [
                new If(new Compare(CompareOperator.Equal, new PacketField(null, 12, IrType.U16, false, At), Int(8), At),
                    new Block([new AtomicAdd(new MapVariableRef(Count, At), Int(1), At)], At),
                    new Block([new AtomicAdd(new MapVariableRef(Other, At), Int(1), At)], At), At),
            ], At),
            Block.Empty(At), At),
        new Exit(Int(2), At),
    ], At));
}

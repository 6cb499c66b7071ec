using System.Runtime.CompilerServices;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>The packet, field by field, in the seed's struct letters: <c>B H I Q</c> (unsigned 8, 16, 32,
/// 64 bits), <c>b h i q</c> (signed); values in the CPU's byte order as loaded, or, through
/// <see cref="Network"/>, converted from network byte order.</summary>
/// <remarks>Every field must lie inside a dominating packet-size guard; otherwise building fails with
/// an error naming the line.</remarks>
/// <example><code>
/// If(PacketSize >= 14, () =>
/// {
///     If(Packet.H[12] == 8, () => Ipv4 += 1);                  // 0x0800 read little-endian
///     If(Packet.Network.H[12] == 0x0800, () => Ipv4Too += 1);  // the same, in network order
/// });
/// </code></example>
public sealed class PacketAccess
{
    readonly bool network;

    internal PacketAccess(bool network) => this.network = network;

    /// <summary>The same fields converted from network byte order (big endian).</summary>
    public PacketAccess Network => network ? this : new PacketAccess(true);

    /// <summary>Unsigned bytes (B).</summary>
    public PacketFields B => new(IrType.U8, network);
    /// <summary>Unsigned 16-bit fields (H).</summary>
    public PacketFields H => new(IrType.U16, network);
    /// <summary>Unsigned 32-bit fields (I).</summary>
    public PacketFields I => new(IrType.U32, network);
    /// <summary>Unsigned 64-bit fields (Q).</summary>
    public PacketFields Q => new(IrType.U64, network);
    /// <summary>Signed bytes (b).</summary>
    public PacketFields b => new(IrType.I8, network);
    /// <summary>Signed 16-bit fields (h).</summary>
    public PacketFields h => new(IrType.I16, network);
    /// <summary>Signed 32-bit fields (i).</summary>
    public PacketFields i => new(IrType.I32, network);
    /// <summary>Signed 64-bit fields (q).</summary>
    public PacketFields q => new(IrType.I64, network);
}

/// <summary>Packet fields of one format, by byte offset.</summary>
public readonly struct PacketFields
{
    readonly IntType type;
    readonly bool network;

    internal PacketFields(IntType type, bool network)
    {
        this.type = type;
        this.network = network;
    }

    /// <summary>The field at <paramref name="offset"/> bytes from the start of the packet.</summary>
    public PacketField this[int offset, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0]
        => new(new Ir.PacketField(null, offset, type, network, CallSite.Of(file, line)));
}

/// <summary>One field of the packet: read it in expressions, write it with <see cref="Variable.Set"/>.</summary>
public sealed class PacketField : Variable
{
    readonly Ir.PacketField field;

    internal PacketField(Ir.PacketField field) => this.field = field;

    internal override Expr ToIr() => field;

    private protected override void Add(Expression value, SourceLocation at)
    {
        // the packet belongs to one CPU while the program runs: read, add and write back
        var context = BuildContext.Require("packet field += ...");
        context.Add(new Assign(field, Located(new Binary(BinaryOperator.Add, field, value.ToIr(), at), at), at));
    }
}

using System.Runtime.CompilerServices;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>The packet, field by field, in the seed's struct letters: <c>B H I Q</c> (unsigned 8, 16, 32,
/// 64 bits), <c>b h i q</c> (signed); values in the CPU's byte order as loaded, or, through
/// <see cref="Network"/>, converted from network byte order.</summary>
/// <remarks>Every field must lie inside a dominating packet-size guard; otherwise building fails with
/// an error naming the line. Fields after a header of run-time length are reached through <see cref="At"/>
/// with the length in a local, inside a guard that counts from that local.</remarks>
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
    readonly LocalVariable? offset;

    internal PacketAccess(bool network, LocalVariable? offset = null)
    {
        this.network = network;
        this.offset = offset;
    }

    /// <summary>The same fields converted from network byte order (big endian).</summary>
    public PacketAccess Network => network ? this : new PacketAccess(true, offset);

    /// <summary>The fields counted from the run-time offset held in <paramref name="start"/> (say, past an IPv4 header
    /// of <c>ihl * 4</c> bytes): they may be read inside a guard <c>PacketSize &gt;= start + N</c>, while
    /// <paramref name="start"/> keeps its value, and <paramref name="start"/> must be computed so that its largest
    /// value is clear (narrow loads, masks, shifts), as the kernel verifier demands.</summary>
    /// <example><code>
    /// var udp = Local(14 + (Packet.B[14] &amp; 0x0f) * 4);     // inside a guard of PacketSize >= 15
    /// If(PacketSize >= udp + 8, () => Port.Set(Packet.At(udp).Network.H[2]));
    /// </code></example>
    public PacketAccess At(LocalVariable start) => new(network, start ?? throw new ArgumentNullException(nameof(start)));

    /// <summary>Unsigned bytes (B).</summary>
    public PacketFields B => new(IrType.U8, network, offset);
    /// <summary>Unsigned 16-bit fields (H).</summary>
    public PacketFields H => new(IrType.U16, network, offset);
    /// <summary>Unsigned 32-bit fields (I).</summary>
    public PacketFields I => new(IrType.U32, network, offset);
    /// <summary>Unsigned 64-bit fields (Q).</summary>
    public PacketFields Q => new(IrType.U64, network, offset);
    /// <summary>Signed bytes (b).</summary>
    public PacketFields b => new(IrType.I8, network, offset);
    /// <summary>Signed 16-bit fields (h).</summary>
    public PacketFields h => new(IrType.I16, network, offset);
    /// <summary>Signed 32-bit fields (i).</summary>
    public PacketFields i => new(IrType.I32, network, offset);
    /// <summary>Signed 64-bit fields (q).</summary>
    public PacketFields q => new(IrType.I64, network, offset);
}

/// <summary>Packet fields of one format, by byte offset.</summary>
public readonly struct PacketFields
{
    readonly IntType type;
    readonly bool network;
    readonly LocalVariable? start;

    internal PacketFields(IntType type, bool network, LocalVariable? start)
    {
        this.type = type;
        this.network = network;
        this.start = start;
    }

    /// <summary>The field at <paramref name="offset"/> bytes from the start of the packet (or from <see cref="PacketAccess.At"/>'s offset).</summary>
    public PacketField this[int offset, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0]
        => new(new Ir.PacketField(start?.ToIr(), offset, type, network, CallSite.Of(file, line)));
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

namespace EbpfCat.FSharp

open System
open EbpfCat.Ir
open EbpfCat.Xdp

/// <summary>Raised when a function that only means something inside the kernel is called on the host.</summary>
/// <example><code>try Kernel.ktimeGetNs () |> ignore with :? KernelOnlyException -> ()</code></example>
type KernelOnlyException(what: string) =
    inherit InvalidOperationException($"{what} only means something inside an ebpf {{ }} program; on the host, read a map variable's Value instead")

/// <summary>Packet fields of one format, by byte offset: <c>packet.H[12]</c> reads, <c>packet.H[12] &lt;- v</c> writes.</summary>
/// <example><code>if packet.Size >= 14 then if packet.Network.H[12] = 0x0800us then ipv4 += 1UL</code></example>
[<Sealed>]
type PacketFields<'T> internal (fieldType: IntType, network: bool) =
    member internal _.FieldType = fieldType
    member internal _.NetworkOrder = network
    /// <summary>The field at <c>offset</c> bytes from the packet's start (inside a packet-size guard).</summary>
    member _.Item
        with get (offset: int) : 'T = raise (KernelOnlyException $"packet field at {offset}")
        and set (offset: int) (_: 'T) : unit = raise (KernelOnlyException $"packet field at {offset}")

/// <summary>The packet in the seed's struct letters (B H I Q unsigned, b h i q signed), in the CPU's byte
/// order as loaded, or converted from network order through <see cref="P:EbpfCat.FSharp.Packet.Network"/>.</summary>
/// <example><code>if packet.Size >= 14 then if packet.H[12] = 8us then ipv4 += 1UL</code></example>
[<Sealed>]
type Packet internal (network: bool) =
    /// <summary>The packet's length in bytes; compare it with a constant to guard packet accesses.</summary>
    member _.Size : int = raise (KernelOnlyException "packet.Size")
    /// <summary>The same fields, converted from network byte order (big endian).</summary>
    member _.Network = Packet(true)
    /// <summary>Unsigned bytes (B).</summary>
    member _.B = PacketFields<byte>(IrType.U8, network)
    /// <summary>Unsigned 16-bit fields (H).</summary>
    member _.H = PacketFields<uint16>(IrType.U16, network)
    /// <summary>Unsigned 32-bit fields (I).</summary>
    member _.I = PacketFields<uint32>(IrType.U32, network)
    /// <summary>Unsigned 64-bit fields (Q).</summary>
    member _.Q = PacketFields<uint64>(IrType.U64, network)
    /// <summary>Signed bytes (b).</summary>
    member _.b = PacketFields<sbyte>(IrType.I8, network)
    /// <summary>Signed 16-bit fields (h).</summary>
    member _.h = PacketFields<int16>(IrType.I16, network)
    /// <summary>Signed 32-bit fields (i).</summary>
    member _.i = PacketFields<int32>(IrType.I32, network)
    /// <summary>Signed 64-bit fields (q).</summary>
    member _.q = PacketFields<int64>(IrType.I64, network)

/// <summary>What an <c>ebpf { }</c> body writes with besides plain F#: the packet, exit, the atomic add,
/// the two divisions and kernel helpers. Each throws <see cref="T:EbpfCat.FSharp.KernelOnlyException"/> on the host.</summary>
/// <remarks>Division: F#'s <c>/</c> is true division as in the seed (the result is fixed point; assigning it
/// to an integer truncates toward zero, as F# divides integers); <c>floorDiv</c> is the seed's <c>//</c>
/// (an integer, rounded toward −∞); <c>%</c> is the matching modulo (the sign of the divisor), as in C#.</remarks>
/// <example><code>
/// ebpf {
///     if packet.Size >= 14 then
///         if packet.Network.H[12] = 0x0800us then this.ipv4 += 1UL else this.other += 1UL
///     exitWith XdpAction.Pass }
/// </code></example>
[<AutoOpen>]
module Kernel =
    /// <summary>The packet the XDP program is running on.</summary>
    let packet = Packet(false)

    /// <summary>Ends the program with <c>action</c>.</summary>
    let exitWith (action: XdpAction) : unit = raise (KernelOnlyException $"exitWith {action}")

    /// <summary><c>variable += amount</c>: an atomic add on a map variable (4- or 8-byte formats; C#'s <c>+=</c>).</summary>
    let (+=) (variable: EbpfCat.Builder.MapVariableBase) (amount: 'T) : unit =
        ignore amount
        raise (KernelOnlyException $"{variable.Name} += ...")

    /// <summary>True division: always fixed point (the seed's <c>/</c> written out, for integer operands).</summary>
    let trueDiv (dividend: 'T) (divisor: 'T) : float = ignore (dividend, divisor); raise (KernelOnlyException "trueDiv")

    /// <summary>Floor division: always an integer, rounded toward −∞ (the seed's <c>//</c>).</summary>
    let floorDiv (dividend: 'T) (divisor: 'T) : int64 = ignore (dividend, divisor); raise (KernelOnlyException "floorDiv")

    /// <summary><c>bpf_ktime_get_ns()</c>: nanoseconds since boot (helper 5).</summary>
    let ktimeGetNs () : uint64 = raise (KernelOnlyException "ktimeGetNs")

    /// <summary><c>bpf_get_prandom_u32()</c>: a pseudo-random 32-bit number (helper 7).</summary>
    let getPrandomU32 () : uint32 = raise (KernelOnlyException "getPrandomU32")

    /// <summary><c>bpf_get_smp_processor_id()</c>: the CPU running the program (helper 8).</summary>
    let getSmpProcessorId () : uint32 = raise (KernelOnlyException "getSmpProcessorId")

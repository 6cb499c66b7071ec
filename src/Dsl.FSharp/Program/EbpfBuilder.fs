namespace EbpfCat.FSharp

open Microsoft.FSharp.Quotations

/// <summary>The body of an <c>ebpf { }</c> program: the F# quotation the builder captured, translated to IR when the program is built.</summary>
/// <example><code>let body : EbpfBody = ebpf { exitWith XdpAction.Pass }</code></example>
[<Sealed>]
type EbpfBody internal (quotation: Expr) =
    /// <summary>The quoted F# body.</summary>
    member _.Quotation = quotation

/// <summary>The <c>ebpf { }</c> computation expression. It only makes F# quote the body (its <c>Quote</c>
/// member); the body is plain F#, translated to the same IR the C# builder makes.</summary>
/// <example><code>override this.Body = ebpf { this.count += 1UL; exitWith XdpAction.Pass }</code></example>
[<Sealed>]
type EbpfBuilder() =
    /// <summary>Makes F# hand the body to <c>Run</c> as a quotation.</summary>
    member _.Quote() = ()
    /// <summary>The body, unevaluated.</summary>
    member _.Delay(body: unit -> unit) = body
    /// <summary>The end of a body.</summary>
    member _.Zero() = ()
    /// <summary>One statement after another.</summary>
    member _.Combine((), rest: unit -> unit) = rest ()
    /// <summary>A loop over values known while building: the body is repeated for each (unrolled).</summary>
    member _.For(values: seq<'T>, body: 'T -> unit) = Seq.iter body values
    /// <summary>Accepted by F# so that the translation can report, with its location, that eBPF programs have no run-time loops.</summary>
    member _.While(guard: unit -> bool, body: unit -> unit) = while guard () do body ()
    /// <summary>The quoted body.</summary>
    member _.Run(body: Expr<unit -> unit>) = EbpfBody(body)

/// <summary>The <c>ebpf</c> keyword.</summary>
[<AutoOpen>]
module EbpfKeyword =
    /// <summary>Starts an eBPF program body: <c>ebpf { ... }</c>.</summary>
    let ebpf = EbpfBuilder()

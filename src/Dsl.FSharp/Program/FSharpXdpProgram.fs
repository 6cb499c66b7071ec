namespace EbpfCat.FSharp

open EbpfCat.Xdp

/// <summary>An XDP program written in F#: map variables are members (the C# ArrayVariable, HashVariable and
/// PerCpuArrayVariable, whose <c>Value</c> reads the live value after loading) and the program is
/// <see cref="P:EbpfCat.FSharp.FSharpXdpProgram.Body"/>, an <c>ebpf { }</c> of plain F#.
/// Loading, attaching (<c>AttachAsync</c>, a Task) and test runs are the C# program's.</summary>
/// <example><code>
/// type IpCount() =
///     inherit FSharpXdpProgram()
///     member val ipv4 = ArrayVariable&lt;uint64&gt;(name = "ipv4")
///     member val other = ArrayVariable&lt;uint64&gt;(name = "other")
///     override this.Body = ebpf {
///         if packet.Size >= 14 then
///             if packet.Network.H[12] = 0x0800us then this.ipv4 += 1UL else this.other += 1UL
///         exitWith XdpAction.Pass }
/// </code></example>
[<AbstractClass>]
type FSharpXdpProgram() =
    inherit XdpProgram()

    /// <summary>The program's body: <c>ebpf { ... }</c>.</summary>
    abstract Body: EbpfBody

    /// <summary>Translates <see cref="P:EbpfCat.FSharp.FSharpXdpProgram.Body"/> into the program.</summary>
    override this.Build() = Translate.body this.Body

namespace EbpfCat.Benchmarks.Programs.FSharp

open EbpfCat.Builder
open EbpfCat.FSharp
open EbpfCat.Xdp

// The reference programs written with the F# ebpf { }; each has twins of the same name in ../Programs
// (C# builder) and ../Programs/c (C). parse, pressure and large are not here yet: see README's Benchmarks.

/// count: a 64-bit atomic counter, PASS.
type CountXdp() =
    inherit FSharpXdpProgram()
    member val count = ArrayVariable<uint64>(name = "count")
    override this.Body = ebpf {
        this.count += 1UL
        exitWith XdpAction.Pass }

/// ipcount: EtherType 0x0800 at offset 12 of a packet of at least 14 bytes counts A, else B.
type IpCountXdp() =
    inherit FSharpXdpProgram()
    member val ipv4 = ArrayVariable<uint64>(name = "ipv4")
    member val other = ArrayVariable<uint64>(name = "other")
    override this.Body = ebpf {
        if packet.Size >= 14 then
            if packet.Network.H[12] = 0x0800us then this.ipv4 += 1UL else this.other += 1UL
        exitWith XdpAction.Pass }

/// fixed: reads a fixed-point value, multiplies it by 1.5 and stores it.
type FixedXdp() =
    inherit FSharpXdpProgram()
    member val value = ArrayVariable<float>(name = "value")
    override this.Body = ebpf {
        this.value.Value <- this.value.Value * 1.5
        exitWith XdpAction.Pass }

/// floor: r0 = 2; exit.
type FloorXdp() =
    inherit FSharpXdpProgram()
    override this.Body = ebpf { exitWith XdpAction.Pass }

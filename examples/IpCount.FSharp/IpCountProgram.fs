namespace EbpfCat.Examples.FSharp

open EbpfCat.Builder
open EbpfCat.FSharp
open EbpfCat.Xdp

/// Counts IPv4 frames and all others in an array map that user space reads as shared memory.
type IpCountProgram() =
    inherit FSharpXdpProgram()
    member val ipv4 = ArrayVariable<uint64>(name = "ipv4")
    member val other = ArrayVariable<uint64>(name = "other")
    override this.Body = ebpf {
        if packet.Size >= 14 then
            // the EtherType, in network byte order
            if packet.Network.H[12] = 0x0800us then this.ipv4 += 1UL else this.other += 1UL
        exitWith XdpAction.Pass }

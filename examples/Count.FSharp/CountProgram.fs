namespace EbpfCat.Examples.FSharp

open EbpfCat.Builder
open EbpfCat.FSharp
open EbpfCat.Xdp

/// The seed's first example in F#: counts every packet in a hash map and passes it on.
type CountProgram() =
    inherit FSharpXdpProgram()
    member val count = HashVariable<uint64>(map = "userspace", name = "count")
    override this.Body = ebpf {
        this.count += 1UL
        exitWith XdpAction.Pass }

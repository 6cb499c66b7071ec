namespace EbpfCat.Programs.FSharp

open EbpfCat.Builder
open EbpfCat.FSharp
open EbpfCat.Xdp

/// A host object whose state can change after the program is built.
type HostSettings() =
    member val Threshold = 10UL with get, set

/// A while loop over a run-time value (the while is at line 18, column 13 of this file: the test checks it).
type WhileOverPacket() =
    inherit FSharpXdpProgram()
    member val count = ArrayVariable<uint64>(name = "count")
    override this.Body = ebpf {
        if packet.Size >= 14 then
            let mutable n = 0UL
            while n < uint64 packet.B[13] do
                n <- n + 1UL
        exitWith XdpAction.Pass }

/// A closure over a mutable host object (line 29 reads settings.Threshold).
type ClosureOverMutableHost(settings: HostSettings) =
    inherit FSharpXdpProgram()
    member val count = ArrayVariable<uint64>(name = "count")
    override this.Body =
        let settings = settings
        ebpf {
            if this.count.Value < settings.Threshold then this.count += 1UL
            exitWith XdpAction.Pass }

/// An array of locals indexed by a run-time value (the index is read at line 42).
type LocalArrayAtRunTimeIndex() =
    inherit FSharpXdpProgram()
    member val result = ArrayVariable<uint64>(name = "result")
    override this.Body = ebpf {
        if packet.Size >= 18 then
            let values = Array.init 3 (fun i -> uint64 packet.B[14 + i])
            this.result.Value <- values[int packet.B[17]]
        exitWith XdpAction.Pass }

/// An array of locals indexed past its end (line 52).
type LocalArrayPastItsEnd() =
    inherit FSharpXdpProgram()
    member val result = ArrayVariable<uint64>(name = "result")
    override this.Body = ebpf {
        if packet.Size >= 18 then
            let values = Array.init 3 (fun i -> uint64 packet.B[14 + i])
            this.result.Value <- values[3]
        exitWith XdpAction.Pass }

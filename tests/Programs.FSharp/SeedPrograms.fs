namespace EbpfCat.Programs.FSharp

open EbpfCat.Builder
open EbpfCat.FSharp
open EbpfCat.Xdp

/// The seed's first example: count every packet in a hash map.
type Count() =
    inherit FSharpXdpProgram()
    member val count = HashVariable<uint64>(map = "userspace", name = "count")
    override this.Body = ebpf {
        this.count += 1UL
        exitWith XdpAction.Pass }

/// The seed's fixed-point example, each of its four statements into its own variable.
type FixedPoint() =
    inherit FSharpXdpProgram()
    member val fixed_var = ArrayVariable<float>(name = "fixed_var")
    member val normal_var = ArrayVariable<int>(name = "normal_var")
    member val divided = ArrayVariable<float>(name = "divided")
    member val floored = ArrayVariable<float>(name = "floored")
    member val input = ArrayVariable<float>(name = "input")
    override this.Body = ebpf {
        this.fixed_var.Value <- 3.5                                   // a fixed-point constant
        if this.input.Value <> 0.0 then this.fixed_var.Value <- this.input.Value
        this.normal_var.Value <- int this.fixed_var.Value             // truncated
        this.divided.Value <- trueDiv this.normal_var.Value 5         // keeps decimals
        this.floored.Value <- float (floorDiv this.normal_var.Value 5) // floor division
        exitWith XdpAction.Pass }

/// The seed's ArrayMap example: a byte and an int variable shared with user space.
type ArrayMapExample() =
    inherit FSharpXdpProgram()
    member val a_byte_variable = ArrayVariable<byte>(map = "array_map", name = "a_byte_variable")
    member val an_integer_variable = ArrayVariable<int>(map = "array_map", name = "an_integer_variable")
    member val seen = ArrayVariable<int>(map = "array_map", name = "seen")
    override this.Body = ebpf {
        this.seen.Value <- this.an_integer_variable.Value
        this.a_byte_variable.Value <- 200uy
        this.an_integer_variable += 5
        exitWith XdpAction.Pass }

/// A per-CPU counter.
type PerCpuCount() =
    inherit FSharpXdpProgram()
    member val packets = PerCpuArrayVariable<uint64>(name = "packets")
    override this.Body = ebpf {
        this.packets += 1UL
        exitWith XdpAction.Pass }

/// Counts IPv4 and other frames, with a network-order field.
type IpCount() =
    inherit FSharpXdpProgram()
    member val ipv4 = ArrayVariable<uint64>(name = "ipv4")
    member val other = ArrayVariable<uint64>(name = "other")
    override this.Body = ebpf {
        if packet.Size >= 14 then
            if packet.Network.H[12] = 0x0800us then this.ipv4 += 1UL else this.other += 1UL
        exitWith XdpAction.Pass }

/// F# control flow: let mutable, an unrolled for, match on constants, && and a helper call.
type ControlFlow() =
    inherit FSharpXdpProgram()
    member val sum = ArrayVariable<uint64>(name = "sum")
    member val kind = ArrayVariable<uint64>(name = "kind")
    member val cpu = ArrayVariable<uint64>(name = "cpu")
    override this.Body = ebpf {
        if packet.Size >= 18 then
            let mutable total = 0UL
            for i in 0 .. 3 do
                total <- total + uint64 packet.B[14 + i]
            this.sum.Value <- total
            match packet.B[14] with
            | 1uy -> this.kind.Value <- 1UL
            | 2uy -> this.kind.Value <- 2UL
            | _ -> this.kind.Value <- 9UL
            if packet.B[15] > 0uy && packet.B[16] > 0uy then this.cpu.Value <- uint64 (getSmpProcessorId ())
        exitWith XdpAction.Pass }

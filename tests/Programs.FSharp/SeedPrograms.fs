namespace EbpfCat.Programs.FSharp

// Count and IpCount are the F# examples' own programs (examples/*.FSharp), which the tests use directly.

open EbpfCat.Builder
open EbpfCat.FSharp
open EbpfCat.Xdp

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

/// An array of program locals: Array.init of a length known while building, read and written at indices known
/// while building (an unrolled loop's counter, arithmetic on it), iterated with for … in, and its Length.
type LocalArrays() =
    inherit FSharpXdpProgram()
    member val result = ArrayVariable<uint64>(name = "result")
    override this.Body = ebpf {
        if packet.Size >= 20 then
            let values = Array.init 6 (fun i -> uint64 packet.B[14 + i])
            values[0] <- values[0] + 1UL
            let mutable sum = 0UL
            for i in 0 .. values.Length - 1 do
                sum <- sum + values[i] * values[(i + 1) % values.Length]
            for v in values do
                sum <- sum ^^^ v
            this.result.Value <- sum
        exitWith XdpAction.Pass }

/// for … in over an array of locals whose body assigns elements: the loop variable is the value the element had
/// when its iteration began, as with F# arrays (the result is the first byte + 3 × 100, not 4 × 100).
type LocalArrayElementCopies() =
    inherit FSharpXdpProgram()
    member val result = ArrayVariable<uint64>(name = "result")
    override this.Body = ebpf {
        if packet.Size >= 18 then
            let values = Array.init 4 (fun i -> uint64 packet.B[14 + i])
            let mutable sum = 0UL
            for v in values do
                for i in 0 .. 3 do
                    values[i] <- 100UL
                sum <- sum + v
            this.result.Value <- sum
        exitWith XdpAction.Pass }

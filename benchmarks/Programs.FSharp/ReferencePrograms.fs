namespace EbpfCat.Benchmarks.Programs.FSharp

open EbpfCat.Builder
open EbpfCat.FSharp
open EbpfCat.Xdp

// The reference programs written with the F# ebpf { }; each has twins of the same name in ../Programs
// (C# builder) and ../Programs/c (C).

/// The constants the programs share with their C# and C twins (ReferencePacket.cs, c/parse.c, c/large.c).
module Shared =
    let udpHeaderEnd = 42
    let blockedSources = [ 0x0aea2724u; 0x0a8e6b5eu; 0x0ad0454du; 0x0a2a99a5u; 0x0a820b99u; 0x0aa16c03u; 0x0a7596c4u; 0x0a93fd0bu; 0x0a0f3ba4u; 0x0a23f455u; 0x0a374232u; 0x0acd0134u; 0x0a3731f7u; 0x0a94f139u; 0x0ac5e51au; 0x0a223715u ]
    let blockedPorts = [ 57761us; 36327us; 31540us; 30291us; 41260us; 46469us; 13125us; 34305us; 30671us; 52221us; 20907us; 54084us; 30635us; 10316us; 57179us; 13469us; 39518us; 6966us; 7192us; 37709us; 3768us; 53708us; 13225us; 57060us; 59375us; 52992us; 42603us; 34572us; 32203us; 42303us ]
    let pressureValues = 14
    let largeConstants = [ for i in 0 .. 2499 -> uint64 ((int64 i * 2654435761L) &&& 0x7fff_ffffL) ]

open Shared

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

/// parse: an unrolled Ethernet/IPv4/UDP header parser with 50 conditions.
type ParseXdp() =
    inherit FSharpXdpProgram()
    member val matched = ArrayVariable<uint64>(name = "matched")
    override this.Body = ebpf {
        if packet.Size >= udpHeaderEnd then
            if packet.Network.H[12] <> 0x0800us then exitWith XdpAction.Pass
            if packet.B[14] <> 0x45uy then exitWith XdpAction.Pass
            if packet.B[23] <> 17uy then exitWith XdpAction.Pass
            if packet.B[22] = 0uy then exitWith XdpAction.Drop
            let source = packet.Network.I[26]
            for blocked in blockedSources do
                if source = blocked then exitWith XdpAction.Drop
            let port = packet.Network.H[36]
            for blocked in blockedPorts do
                if port = blocked then exitWith XdpAction.Drop
            if packet.Network.H[34] = 53us then this.matched += 1UL
        exitWith XdpAction.Pass }

/// pressure: 14 packet bytes all live at once, more than the registers that hold them.
type PressureXdp() =
    inherit FSharpXdpProgram()
    member val result = ArrayVariable<uint64>(name = "result")
    override this.Body = ebpf {
        if packet.Size >= 14 + pressureValues then
            let values = Array.init pressureValues (fun i -> uint64 packet.B[14 + i])
            let mutable sum = 0UL
            for i in 0 .. pressureValues - 1 do
                sum <- sum + values[i] * values[(i + 1) % pressureValues]
            for v in values do
                sum <- sum ^^^ v
            this.result.Value <- sum
        exitWith XdpAction.Pass }

/// large: a straight line of about 10,000 instructions.
type LargeXdp() =
    inherit FSharpXdpProgram()
    member val result = ArrayVariable<uint64>(name = "result")
    override this.Body = ebpf {
        if packet.Size >= 18 then
            let mutable x = uint64 packet.I[14]
            for c in largeConstants do
                x <- (x ^^^ c) + (x >>> 3)
            this.result.Value <- x
        exitWith XdpAction.Pass }

/// floor: r0 = 2; exit.
type FloorXdp() =
    inherit FSharpXdpProgram()
    override this.Body = ebpf { exitWith XdpAction.Pass }

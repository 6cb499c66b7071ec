namespace EbpfCat.Programs.FSharp

open System.Threading.Tasks
open EbpfCat.Xdp

/// The README's task { } use of an F# program: attach (loading first), wait, detach, read the counts.
module Attach =
    let countFor (interfaceName: string) (options: XdpAttachOptions) (during: unit -> Task) : Task<uint64 * uint64> =
        task {
            use program = new EbpfCat.Examples.FSharp.IpCountProgram()
            let! attached = program.AttachAsync(interfaceName, options)
            do! during ()
            do! attached.DisposeAsync()
            return program.ipv4.Value, program.other.Value
        }

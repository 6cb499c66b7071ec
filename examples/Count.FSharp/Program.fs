open System
open EbpfCat.Examples
open EbpfCat.Examples.FSharp
open EbpfCat.Xdp

[<EntryPoint>]
let main args =
    ExampleHost.Run(args, Example<CountProgram>(
        "Count",
        (fun () -> new CountProgram()),
        (fun program -> [| struct ("packets", Func<uint64>(fun () -> program.count.Value)) |]),
        [| struct ("ipv4", EthernetFrame.Ipv4 64); struct ("other", EthernetFrame.Create(EthernetFrame.LocalExperimental, 60)) |]))

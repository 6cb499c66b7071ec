open System
open EbpfCat.Examples
open EbpfCat.Examples.FSharp
open EbpfCat.Xdp

[<EntryPoint>]
let main args =
    ExampleHost.Run(args, Example<IpCountProgram>(
        "IpCount",
        (fun () -> new IpCountProgram()),
        (fun program ->
            [| struct ("ipv4", Func<uint64>(fun () -> program.ipv4.Value))
               struct ("other", Func<uint64>(fun () -> program.other.Value)) |]),
        [| struct ("ipv4", EthernetFrame.Ipv4 64); struct ("other", EthernetFrame.Create(EthernetFrame.LocalExperimental, 60)) |]))

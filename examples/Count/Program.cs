using EbpfCat.Examples;
using EbpfCat.Xdp;

return ExampleHost.Run(args, new Example<CountProgram>(
    "Count",
    () => new CountProgram(),
    program => [("packets", () => program.count.Value)],
    [("ipv4", EthernetFrame.Ipv4(64)), ("other", EthernetFrame.Create(EthernetFrame.LocalExperimental, 60))]));

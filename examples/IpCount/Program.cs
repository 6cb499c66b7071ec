using EbpfCat.Examples;
using EbpfCat.Xdp;

return ExampleHost.Run(args, new Example<IpCountProgram>(
    "IpCount",
    () => new IpCountProgram(),
    program => [("ipv4", () => program.ipv4.Value), ("other", () => program.other.Value)],
    [("ipv4", EthernetFrame.Ipv4(64)), ("other", EthernetFrame.Create(EthernetFrame.LocalExperimental, 60))]));

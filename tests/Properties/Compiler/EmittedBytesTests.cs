using System.Security.Cryptography;
using EbpfCat.Benchmarks.Programs;
using EbpfCat.Isa;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Compiler;

/// <summary>The direct back end's bytes for the benchmark's reference programs, pinned: work on the compiler's
/// own speed must leave them as they are. A pass that improves the code on purpose updates this table (the
/// failure message prints the new slot count and hash).</summary>
public sealed class EmittedBytesTests
{
    public static TheoryData<string, int, string> Pinned => new()
    {
        { "count", 6, "960658E4C2C26714FB2ECB8A6EEF414BDC9F10D7D9270E2DD321E0F6F8108E4C" },
        { "ipcount", 15, "DB367F9154D916C9DF8D5CCE44A2DDD0345888BA09EAE917B20E0E0F5564461C" },
        { "fixed", 8, "182858DD20FBABEEACEAA487478EA3CF4078B7246DD35ABAE6E842C4817A1484" },
        { "parse", 99, "0DE1F76F4FEB130A46E8D2BB3BE518F690784663810FE34A626C3A4B2F829D35" },
        { "pressure", 88, "44BA09F56B48C2AD485FDD3D686E2C877731A829818D13D79100FBB9C0960583" },
        { "large", 10010, "D09DB8E1911701F13B8ADC9E594356C0980BF3454ACEB6EFA839FADA60054356" },
        { "floor", 2, "614B434CD8324ECC7C75FF9332B723A2EEC8478E23CCA7735BF316F765D42A61" },
        { "sized10", 40, "47B667EB98649E5C34BBF0BBDE58BB7E424F7CFD4C54B6CEEA3910C4D4C65212" },
        { "sized100", 400, "B30CF2E79EBA32B620E23785D18E1EF42680014C2EDDE7F1344A2815EAC4DC87" },
        { "sized1000", 4000, "5D81B5316BCCBB0A043A393D47AB31F3FFF05B3E9C7DE84EBB008BF72FD98635" },
    };

    static XdpProgram Program(string name) => name switch
    {
        "count" => new CountXdp(),
        "ipcount" => new IpCountXdp(),
        "fixed" => new FixedXdp(),
        "parse" => new ParseXdp(),
        "pressure" => new PressureXdp(),
        "large" => new LargeXdp(),
        "floor" => new FloorXdp(),
        _ => new SizedXdp(int.Parse(name["sized".Length..], System.Globalization.CultureInfo.InvariantCulture)),
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void The_direct_back_end_emits_the_pinned_bytes(string name, int slots, string sha256)
    {
        using var program = Program(name);
        var bytes = InstructionEncoding.Encode(program.Compile().Instructions.Items.AsSpan());
        var (actualSlots, actualHash) = (bytes.Length / 8, Convert.ToHexString(SHA256.HashData(bytes)));
        Assert.True((slots, sha256) == (actualSlots, actualHash),
            $"the bytes changed; if on purpose, the new row is {{ \"{name}\", {actualSlots}, \"{actualHash}\" }},");
    }
}

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
        { "ipcount", 15, "042376FACB68C4A6BF4FFCB9ADA9DFF05B1C0E1B4A1325E13E50F2FBF5682EA6" },
        { "fixed", 11, "499FC4D8849F2797A4C307F6CEE7ADF445C1FE6846B07D1E351F896C4C423C57" },
        { "parse", 171, "F198D55311FD33BAF93D96A85A780668A789D5CB70AEC9F87B8D44D56CF94E2C" },
        { "pressure", 102, "590F420E527A96515C6F810F69C17679F06D7E79F1E7199F0EF31D3CD66F73A8" },
        { "large", 10011, "6634CE782E6EED2AB401AFE10E96E389E3A389388C64EBDCFBDB445FF0E09ED7" },
        { "floor", 2, "614B434CD8324ECC7C75FF9332B723A2EEC8478E23CCA7735BF316F765D42A61" },
        { "sized10", 41, "13EB782C87FFA2DDD83F0A3CDD7B33B59AD9A2C8F58A461CC7C287DD08FD2D0F" },
        { "sized100", 401, "081FF59E3314234E66EF0897E056DEAE448BF9B77845BBA0FE7DD8BDF4932926" },
        { "sized1000", 4001, "C8F7B44E412B8F89DBE3BDE03816F50EFDB60A5C908D6B434E5D6D85D72863DF" },
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
        Assert.Equal((slots, sha256), (bytes.Length / 8, Convert.ToHexString(SHA256.HashData(bytes))));
    }
}

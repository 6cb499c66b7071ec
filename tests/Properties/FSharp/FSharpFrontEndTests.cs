using EbpfCat.Builder;
using EbpfCat.Diagnostics;
using EbpfCat.Isa;
using EbpfCat.Properties.Support;
using EbpfCat.Properties.Xdp;
using EbpfCat.Xdp;
using Xunit;
using CSharpPrograms = EbpfCat.Properties.Builder;
using FSharpExamples = EbpfCat.Examples.FSharp;
using FSharpPrograms = EbpfCat.Programs.FSharp;

namespace EbpfCat.Properties.FSharpFrontEnd;

/// <summary>The F# <c>ebpf { }</c> front end: the same program written in C# and in F# is the same bytecode;
/// F# control flow becomes the program's; what cannot run in eBPF is an error at the F# source range.</summary>
public sealed class FSharpFrontEndTests
{
    public static TheoryData<string> Pairs => [.. pairs.Keys];

    static readonly Dictionary<string, (Func<XdpProgram> CSharp, Func<XdpProgram> FSharp)> pairs = new()
    {
        ["count"] = (() => new CSharpPrograms.Count(), () => new FSharpExamples.CountProgram()),
        ["ipcount"] = (() => new CSharpPrograms.IpCount(), () => new FSharpExamples.IpCountProgram()),
        ["fixed point"] = (() => new CSharpPrograms.FixedPoint(), () => new FSharpPrograms.FixedPoint()),
        ["array map"] = (() => new CSharpPrograms.ArrayMapExample(), () => new FSharpPrograms.ArrayMapExample()),
        ["per-CPU counter"] = (() => new CSharpPrograms.PerCpuCount(), () => new FSharpPrograms.PerCpuCount()),
        ["control flow"] = (() => new ControlFlowInCSharp(), () => new FSharpPrograms.ControlFlow()),
        ["array of locals"] = (() => new LocalArraysInCSharp(), () => new FSharpPrograms.LocalArrays()),
        ["example Count"] = (() => new EbpfCat.Examples.CountProgram(), () => new EbpfCat.Examples.FSharp.CountProgram()),
        ["example IpCount"] = (() => new EbpfCat.Examples.IpCountProgram(), () => new EbpfCat.Examples.FSharp.IpCountProgram()),
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_same_program_in_CSharp_and_FSharp_compiles_to_identical_bytecode(string name)
    {
        var (csharp, fsharp) = pairs[name];
        using var c = csharp();
        using var f = fsharp();
        var expected = c.Compile();
        var actual = f.Compile();
        Assert.Equal(Disassembler.Disassemble(expected.Instructions), Disassembler.Disassemble(actual.Instructions));
        Assert.Equal(expected.Instructions, actual.Instructions);
    }

    [Fact]
    public void Every_IR_node_of_an_FSharp_program_carries_its_FSharp_file_line_and_column()
    {
        using var program = new FSharpExamples.IpCountProgram();
        var text = program.ToIr().ToString();
        var ir = program.ToIr();
        var statements = ir.Body.Statements.Items;
        var guard = Assert.IsType<Ir.If>(statements[0]);
        Assert.EndsWith("IpCountProgram.fs", guard.Location.File);
        Assert.True(guard.Location.Line > 0 && guard.Location.Column > 0, text);
        Assert.Equal(guard.Location.Line, guard.Condition.Location.Line);
    }

    [Fact]
    public void A_while_loop_over_a_run_time_value_names_the_FSharp_file_line_and_column()
    {
        using var program = new FSharpPrograms.WhileOverPacket();
        var error = Assert.Throws<CompilationException>(() => program.Compile());
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticIds.UnsupportedConstruct, diagnostic.Id);
        Assert.EndsWith("Unsupported.fs", diagnostic.Location.File);
        Assert.Equal((18, 13), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Contains("Unsupported.fs:18:13", error.Message);
        Assert.Contains("while loop", error.Message);
    }

    [Theory]
    [InlineData(typeof(FSharpPrograms.LocalArrayAtRunTimeIndex), 39, "must be known while building")]
    [InlineData(typeof(FSharpPrograms.LocalArrayPastItsEnd), 49, "the index 3 is outside the array of 3 locals")]
    public void An_array_of_locals_is_indexed_by_values_known_while_building_and_inside_it(Type type, int line, string message)
    {
        using var program = (XdpProgram)Activator.CreateInstance(type)!;
        var error = Assert.Throws<CompilationException>(() => program.Compile());
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticIds.UnsupportedConstruct, diagnostic.Id);
        Assert.EndsWith("Unsupported.fs", diagnostic.Location.File);
        Assert.Equal(line, diagnostic.Location.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_for_over_an_array_of_locals_reads_each_element_as_its_iteration_begins()
    {
        using var program = new FSharpPrograms.LocalArrayElementCopies();
        var simulated = new EbpfCat.Interpreter.SimulatedProgram(program.Compile());
        var packet = new byte[18];
        packet[14] = 7;
        Assert.Equal(2UL, simulated.RunXdp(packet).ReturnValue);
        var globals = simulated.Maps.Keys.Single();
        Assert.Equal(7UL + 300, BitConverter.ToUInt64(simulated.Maps[globals].Lookup(new byte[globals.KeySize])!));
    }

    [Fact]
    public void A_closure_over_a_mutable_host_object_names_the_FSharp_file_line_and_column()
    {
        using var program = new FSharpPrograms.ClosureOverMutableHost(new FSharpPrograms.HostSettings());
        var error = Assert.Throws<CompilationException>(() => program.Compile());
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticIds.UnsupportedConstruct, diagnostic.Id);
        Assert.Equal(29, diagnostic.Location.Line);
        Assert.True(diagnostic.Location.Column > 0);
        Assert.Contains($"Unsupported.fs:29:{diagnostic.Location.Column}", error.Message);
        Assert.Contains("mutable host object", error.Message);
        Assert.Contains("Threshold", error.Message);
    }

    [Fact]
    public void Kernel_only_functions_throw_when_called_on_the_host()
    {
        Assert.Throws<EbpfCat.FSharp.KernelOnlyException>(() => EbpfCat.FSharp.Kernel.ktimeGetNs());
        Assert.Throws<EbpfCat.FSharp.KernelOnlyException>(() => EbpfCat.FSharp.Kernel.exitWith(XdpAction.Drop));
        Assert.Throws<EbpfCat.FSharp.KernelOnlyException>(() => EbpfCat.FSharp.Kernel.packet.Size);
        Assert.Throws<EbpfCat.FSharp.KernelOnlyException>(() => EbpfCat.FSharp.Kernel.packet.Network.H[12]);
    }

    [Fact]
    public void User_space_reads_the_FSharp_programs_map_variables_after_loading()
    {
        KernelRequirement.Require();
        using var program = new FSharpExamples.IpCountProgram();
        program.Load();
        program.TestRun(EthernetFrame.Ipv4(64), repeat: 3);
        program.TestRun(EthernetFrame.Create(EthernetFrame.LocalExperimental, 60), repeat: 2);
        Assert.Equal(3ul, program.ipv4.Value);
        Assert.Equal(2ul, program.other.Value);
    }

    [Fact]
    public void FSharp_control_flow_runs_in_the_kernel_as_written()
    {
        KernelRequirement.Require();
        using var program = new FSharpPrograms.ControlFlow();
        program.Load();
        var frame = new byte[64];
        frame[14] = 2; frame[15] = 3; frame[16] = 4; frame[17] = 5;
        Assert.Equal(2u, program.TestRun(frame).ReturnValue);
        Assert.Equal(14ul, program.sum.Value);
        Assert.Equal(2ul, program.kind.Value);
        frame[14] = 7; frame[16] = 0;
        program.TestRun(frame);
        Assert.Equal(15ul, program.sum.Value);
        Assert.Equal(9ul, program.kind.Value);
    }

    [Fact]
    public async Task An_FSharp_program_attaches_in_a_task_counts_real_frames_and_detaches()
    {
        KernelRequirement.Require();
        using var ns = TestNetworkNamespace.CreateWithVethPair();
        var options = new XdpAttachOptions { Mode = XdpAttachMode.Generic, NetworkNamespace = ns.Name };
        var (ipv4, other) = await FSharpPrograms.Attach.countFor(ns.First, options, FuncConvert(async () =>
        {
            using var sender = PacketSender.Open(ns.Second, ns.Name);
            sender.Send(EthernetFrame.Ipv4(64), count: 6);
            sender.Send(EthernetFrame.Create(EthernetFrame.LocalExperimental, 60), count: 4);
            await Task.Delay(300, TestContext.Current.CancellationToken); // generic XDP runs as the peer receives
        }));
        Assert.Equal((6ul, 4ul), (ipv4, other));
        XdpAssert.NothingAttached(ns);
    }

    static Microsoft.FSharp.Core.FSharpFunc<Microsoft.FSharp.Core.Unit, Task> FuncConvert(Func<Task> f)
        => Microsoft.FSharp.Core.FuncConvert.FromFunc(f);
}

/// <summary>What <see cref="FSharpPrograms.ControlFlow"/> means, written with the C# builder.</summary>
public sealed class ControlFlowInCSharp : XdpProgram
{
    public ArrayVariable<ulong> sum = new(), kind = new(), cpu = new();

    protected override void Build()
    {
        If(PacketSize >= 18, () =>
        {
            var total = Local(0);
            for (int i = 0; i <= 3; i++) total.Set(total + Packet.B[14 + i]);
            sum.Set(total);
            var first = Local(Packet.B[14]);
            If(first == 1, () => kind.Set(1)).Else(() => If(first == 2, () => kind.Set(2)).Else(() => kind.Set(9)));
            If(Packet.B[15] > 0 & Packet.B[16] > 0, () => cpu.Set(GetSmpProcessorId()));
        });
        Exit(XdpAction.Pass);
    }
}

/// <see cref="FSharpPrograms.LocalArrays"/> in C#: a C# array of locals.
public sealed class LocalArraysInCSharp : XdpProgram
{
    public ArrayVariable<ulong> result = new();

    protected override void Build()
    {
        If(PacketSize >= 20, () =>
        {
            var values = Enumerable.Range(0, 6).Select(i => Local(Packet.B[14 + i])).ToArray();
            values[0].Set(values[0] + 1);
            var sum = Local(0);
            for (int i = 0; i < values.Length; i++) sum.Set(sum + values[i] * values[(i + 1) % values.Length]);
            foreach (var v in values) sum.Set(sum ^ v);
            result.Set(sum);
        });
        Exit(XdpAction.Pass);
    }
}

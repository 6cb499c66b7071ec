using EbpfCat.Backend.Llvm;
using EbpfCat.Emit;
using EbpfCat.Isa;
using EbpfCat.Loader;
using EbpfCat.Passes;
using EbpfCat.Properties.Compiler;
using EbpfCat.Properties.Support;
using EbpfCat.Xdp;
using Xunit;

namespace EbpfCat.Properties.Backends;

/// <summary>The LLVM back end: what it makes is a program of the same shape as the direct back end's, which the
/// kernel accepts and runs with the same result; and how many instructions each back end needs.</summary>
public sealed class LlvmBackendTests(ITestOutputHelper output)
{
    static readonly (string Name, Func<Ir.IrProgram> Program)[] Programs =
    [
        ("count (IR)", ReferencePrograms.CountProgram),
        ("ipcount (IR)", ReferencePrograms.IpCountProgram),
        ("Count example (hash map)", () => new EbpfCat.Examples.CountProgram().ToIr()),
        ("IpCount example", () => new EbpfCat.Examples.IpCountProgram().ToIr()),
    ];

    static CompiledProgram Compile(Ir.IrProgram program, ICodeGenerator generator, IsaVersion isa)
        => EbpfCat.Compiler.Compile(program, CompilerOptions.Default with { CodeGenerator = generator, Isa = isa });

    /// <summary>The side-by-side table of instruction slots (as the kernel counts them) per program and ISA.</summary>
    public static string InstructionCountTable()
    {
        var lines = new List<string> { $"{"program",-26} {"isa",-4} {"direct",6} {"llvm",6}" };
        foreach (var (name, program) in Programs)
            foreach (var isa in Enum.GetValues<IsaVersion>())
                lines.Add($"{name,-26} {isa,-4} {Compile(program(), DirectCodeGenerator.Instance, isa).SlotCount,6} {Compile(program(), LlvmCodeGenerator.Instance, isa).SlotCount,6}");
        return string.Join('\n', lines);
    }

    [Fact]
    public void Instruction_counts_of_both_back_ends_side_by_side()
    {
        BackEnds.RequireLlvm();
        var table = InstructionCountTable();
        output.WriteLine(table);
        var path = Environment.GetEnvironmentVariable("EBPFCAT_INSTRUCTION_COUNTS");
        if (!string.IsNullOrEmpty(path)) File.WriteAllText(path, table + "\n");
        Assert.Equal(1 + Programs.Length * 4, table.Split('\n').Length);
    }

    [Theory]
    [InlineData(IsaVersion.V1)]
    [InlineData(IsaVersion.V2)]
    [InlineData(IsaVersion.V3)]
    [InlineData(IsaVersion.V4)]
    public void Programs_have_valid_instructions_and_map_references_on_lddw(IsaVersion isa)
    {
        BackEnds.RequireLlvm();
        foreach (var (name, program) in Programs)
        {
            var compiled = Compile(program(), LlvmCodeGenerator.Instance, isa);
            Assert.All(compiled.Instructions, i => Assert.Null(i.Validate()));
            Assert.NotEmpty(compiled.MapReferences);
            Assert.All(compiled.MapReferences, r => Assert.True(compiled.Instructions[r.Index].IsWide
                && compiled.Instructions[r.Index].PseudoSource is PseudoSource.MapFd or PseudoSource.MapValue, $"{name}: reference {r.Index} is not a map lddw"));
            Assert.Equal(Opcode.Jump(JumpOperation.Exit, OperandSource.Constant), compiled.Instructions[^1].Opcode);
        }
    }

    [Fact]
    public void Array_variables_are_direct_map_value_loads_at_their_offset()
    {
        BackEnds.RequireLlvm();
        var compiled = Compile(ReferencePrograms.IpCountProgram(), LlvmCodeGenerator.Instance, IsaVersion.V4);
        var reference = Assert.Single(compiled.MapReferences);
        Assert.Equal(ReferencePrograms.Globals, reference.Map);
        Assert.Equal(PseudoSource.MapValue, compiled.Instructions[reference.Index].PseudoSource);
        Assert.DoesNotContain(compiled.Instructions, i => i.Opcode == Opcode.Jump(JumpOperation.Call, OperandSource.Constant));
    }

    [Fact]
    public void The_source_map_names_the_programs_location()
    {
        BackEnds.RequireLlvm();
        var compiled = Compile(ReferencePrograms.CountProgram(), LlvmCodeGenerator.Instance, IsaVersion.V4);
        Assert.Equal("ReferencePrograms.cs", compiled.LocationOf(0)?.File);
    }

    [Fact]
    public void The_dump_shows_the_llvm_translation_and_the_optimised_module()
    {
        BackEnds.RequireLlvm();
        var dumps = new List<(string Pass, string Text)>();
        EbpfCat.Compiler.Compile(ReferencePrograms.IpCountProgram(), CompilerOptions.Default with { CodeGenerator = LlvmCodeGenerator.Instance, Dump = (pass, text) => dumps.Add((pass, text)) });
        Assert.Equal(["input", "fixed-point lowering", "simplification", "byte-order elision", "llvm translation", "llvm default<O2>", "emission"], dumps.Select(d => d.Pass));
        Assert.Contains("atomicrmw volatile add", dumps[4].Text);
        Assert.Contains("target triple = \"bpfel\"", dumps[5].Text);
    }

    [Theory]
    [InlineData(IsaVersion.V1)]
    [InlineData(IsaVersion.V2)]
    [InlineData(IsaVersion.V3)]
    [InlineData(IsaVersion.V4)]
    public void The_kernel_runs_both_back_ends_programs_with_the_same_result(IsaVersion isa)
    {
        KernelRequirement.Require();
        BackEnds.RequireLlvm();
        byte[][] frames = [EthernetFrame.Ipv4(64), EthernetFrame.Create(EthernetFrame.LocalExperimental, 60), new byte[20]];
        foreach (var program in new[] { ReferencePrograms.CountProgram(), ReferencePrograms.IpCountProgram() })
        {
            var results = BackEnds.All().Select(generator =>
            {
                using var loaded = LoadedProgram.Load(Compile(program, generator, isa), ProgramType.Xdp);
                var returns = frames.Select(f => loaded.Program.TestRun(f).ReturnValue).ToArray();
                return $"{string.Join(',', returns)} {Convert.ToHexString(loaded.Maps[ReferencePrograms.Globals].Lookup(BitConverter.GetBytes(0))!)}";
            }).ToArray();
            Assert.Equal(2, results.Length);
            Assert.Equal(results[0], results[1]);
        }
    }

    [Fact]
    public void A_missing_libLLVM_is_a_typed_error_naming_the_apt_package()
    {
        var e = new LlvmNotInstalledException(new DllNotFoundException("Unable to load shared library 'libLLVM.so.19.1'"));
        Assert.IsAssignableFrom<EbpfCatException>(e);
        Assert.Contains("apt-get install libllvm19", e.Message);
        Assert.Contains("libLLVM.so.19.1", e.Message);
    }

    /// <summary>Found by the kernel differential property: a guard of 0 bytes after a real one, with a read in its
    /// dead else-path. As a pointer comparison LLVM reduced it to <c>if data &gt; data_end</c>, and the verifier
    /// then took data as past the end there.</summary>
    [Fact]
    public void A_guard_of_no_bytes_after_a_real_guard_keeps_the_packet_readable()
    {
        KernelRequirement.Require();
        BackEnds.RequireLlvm();
        var at = new Ir.SourceLocation("LlvmBackendTests.cs", 1);
        Ir.Constant K(long v, Ir.IrType t) => new(v, t, at);
        var program = new Ir.IrProgram("guards", "GPL", [], new Ir.Block(
        [
            new Ir.If(new Ir.Compare(Ir.CompareOperator.LessOrEqual, new Ir.PacketLength(at), K(28, Ir.IrType.U64), at),
                new Ir.Block([new Ir.Exit(K(0, Ir.IrType.I16), at)], at), Ir.Block.Empty(at), at),
            new Ir.If(new Ir.Compare(Ir.CompareOperator.LessOrEqual, K(0, Ir.IrType.U64), new Ir.PacketLength(at), at),
                new Ir.Block([new Ir.Exit(K(0, Ir.IrType.I32), at)], at), Ir.Block.Empty(at), at),
            new Ir.Exit(new Ir.PacketField(null, 24, Ir.IrType.I16, true, at), at),
        ], at));
        foreach (var isa in Enum.GetValues<IsaVersion>())
        {
            using var loaded = LoadedProgram.Load(Compile(program, LlvmCodeGenerator.Instance, isa), ProgramType.Xdp);
            Assert.Equal(0u, loaded.Program.TestRun(new byte[40]).ReturnValue);
        }
    }

    /// <summary>Found by the kernel differential property: a guard implied by an outer one, with a read at its
    /// very offset on its dead path; LLVM reads through the compared pointer, which the verifier takes as past
    /// the end there. Guards the translation already knows to be covered are not compared again.</summary>
    [Fact]
    public void A_guard_implied_by_an_outer_guard_keeps_the_packet_readable()
    {
        KernelRequirement.Require();
        BackEnds.RequireLlvm();
        var at = new Ir.SourceLocation("LlvmBackendTests.cs", 1);
        Ir.Constant K(long v) => new(v, Ir.IrType.I64, at);
        var program = new Ir.IrProgram("implied", "GPL", [], new Ir.Block(
        [
            new Ir.If(new Ir.Compare(Ir.CompareOperator.Less, new Ir.PacketLength(at), K(14), at),
                Ir.Block.Empty(at),
                new Ir.Block([new Ir.If(new Ir.Compare(Ir.CompareOperator.Greater, K(9), new Ir.PacketLength(at), at),
                    new Ir.Block([new Ir.Exit(new Ir.PacketField(null, 9, Ir.IrType.U32, false, at), at)], at), Ir.Block.Empty(at), at)], at), at),
            new Ir.Exit(K(0), at),
        ], at));
        foreach (var isa in Enum.GetValues<IsaVersion>())
        {
            using var loaded = LoadedProgram.Load(Compile(program, LlvmCodeGenerator.Instance, isa), ProgramType.Xdp);
            Assert.Equal(0u, loaded.Program.TestRun(new byte[21]).ReturnValue);
        }
    }

    /// <summary>Found by the kernel differential property (shrunk): a local that is 0 when the packet is not empty,
    /// then its remainder compared. LLVM turned the branch into a select on <c>data_end - data &gt; 0</c> narrowed to
    /// 32 bits and, without 32-bit jumps (v1, v2), widened data_end with shifts, which the verifier refuses on a
    /// packet pointer.</summary>
    [Fact]
    public void A_packet_length_folded_into_a_select_keeps_data_end_a_pointer()
    {
        KernelRequirement.Require();
        BackEnds.RequireLlvm();
        var l4 = Passes.IrBuilder.L(4, Ir.IrType.U16);
        var l3 = Passes.IrBuilder.L(3, Ir.IrType.I32);
        var program = Passes.IrBuilder.Program(
            Passes.IrBuilder.Set(l4, new Ir.Constant(3, Ir.IrType.U16, Passes.IrBuilder.At)),
            Passes.IrBuilder.Set(l3, Passes.IrBuilder.Op(Ir.BinaryOperator.BitAnd, l4, Passes.IrBuilder.Var("h", Ir.IrType.I16, 18))),
            Passes.IrBuilder.If(Passes.IrBuilder.Cmp(Ir.CompareOperator.Greater, Passes.IrBuilder.Length, Passes.IrBuilder.I(0)),
                Passes.IrBuilder.Block(Passes.IrBuilder.Set(l3, Passes.IrBuilder.I(0)))),
            Passes.IrBuilder.If(Passes.IrBuilder.Cmp(Ir.CompareOperator.Greater, Passes.IrBuilder.I(1), Passes.IrBuilder.Op(Ir.BinaryOperator.Modulo, l3, l4)),
                Passes.IrBuilder.Block(Passes.IrBuilder.Add(Passes.IrBuilder.Var("I", Ir.IrType.U32, 4), new Ir.Constant(1, Ir.IrType.U16, Passes.IrBuilder.At)))),
            Passes.IrBuilder.Exit(Passes.IrBuilder.U(0)));
        // and the second one found: if (globals.q != 0) if (packet.length < 1) exit bswap(-1); exit 0
        var second = Passes.IrBuilder.Program(
            Passes.IrBuilder.If(Passes.IrBuilder.Cmp(Ir.CompareOperator.NotEqual, Passes.IrBuilder.I(0), Passes.IrBuilder.Var("q", Ir.IrType.I64, 24)),
                Passes.IrBuilder.Block(Passes.IrBuilder.If(Passes.IrBuilder.Cmp(Ir.CompareOperator.Less, Passes.IrBuilder.Length, Passes.IrBuilder.U(1)),
                    Passes.IrBuilder.Block(Passes.IrBuilder.Exit(Passes.IrBuilder.Op(Ir.UnaryOperator.ByteSwap, Passes.IrBuilder.I(-1))))))),
            Passes.IrBuilder.Exit(0));
        foreach (var isa in Enum.GetValues<IsaVersion>())
            foreach (var p in new[] { program, second })
            {
                using var loaded = LoadedProgram.Load(Compile(p, LlvmCodeGenerator.Instance, isa), ProgramType.Xdp);
                Assert.Equal(0u, loaded.Program.TestRun(new byte[21]).ReturnValue);
            }
    }

    /// <summary>Found by the lowering property at 54,302 of 100,000 programs: <c>(-1 // d) &gt;= y</c> asks whether
    /// d × y fits in 64 bits, and LLVM's InstCombine rewrites it to <c>llvm.umul.with.overflow</c>, which the BPF
    /// target lowers to a 128-bit library call and then refuses. The back end expands the intrinsic into 64-bit
    /// multiplications after the optimiser; the values cover products just below, at and above 2^64.</summary>
    [Fact]
    public void An_overflow_check_written_as_a_division_compiles_and_keeps_its_meaning()
    {
        BackEnds.RequireLlvm();
        var d = Passes.IrBuilder.Var("d", Ir.IrType.U64, 0);
        var h = Passes.IrBuilder.Var("h", Ir.IrType.U16, 8);
        var count = Passes.IrBuilder.Var("count", Ir.IrType.I64, 32);
        var unsignedCheck = Passes.IrBuilder.Cmp(Ir.CompareOperator.GreaterOrEqual,
            Passes.IrBuilder.Op(Ir.BinaryOperator.FloorDivide, Passes.IrBuilder.U(-1), d),
            Passes.IrBuilder.Op(Ir.BinaryOperator.Subtract, Passes.IrBuilder.U(131071), h));
        var program = Passes.IrBuilder.Program(
            Passes.IrBuilder.If(unsignedCheck, Passes.IrBuilder.Block(Passes.IrBuilder.Add(count, Passes.IrBuilder.I(1)))),
            Passes.IrBuilder.Exit(count));
        ushort[] hs = [0, 1, 0x8000, 0xffff];
        // each y = 131071 - h with the d whose product with it is just below, at and just above 2^64
        ulong[] ds = [0, 1, 2, 1UL << 47, ulong.MaxValue, .. hs.SelectMany(h => new[] { -1L, 0L, 1L }.Select(e => ulong.MaxValue / (131071UL - h) + unchecked((ulong)e)))];
        foreach (var isa in Enum.GetValues<IsaVersion>())
        {
            var compiled = Compile(program, LlvmCodeGenerator.Instance, isa);
            foreach (var dv in ds)
                foreach (var hv in hs)
                {
                    var globals = new byte[Passes.IrBuilder.Globals.ValueSize];
                    BitConverter.TryWriteBytes(globals.AsSpan(0), dv);
                    BitConverter.TryWriteBytes(globals.AsSpan(8), hv);
                    var maps = new Ir.Evaluation.MapState();
                    globals.CopyTo(maps.Array(Passes.IrBuilder.Globals), 0);
                    var expected = Ir.Evaluation.IrEvaluator.Run(program, [], maps).ReturnValue;
                    var simulated = new EbpfCat.Interpreter.SimulatedProgram(compiled);
                    simulated.Maps[Passes.IrBuilder.Globals].Update(new byte[4], globals);
                    Assert.True(unchecked((ulong)expected) == simulated.RunXdp(new byte[14]).ReturnValue, $"ISA {isa}, d {dv}, h {hv}: expected {expected}");
                }
        }
    }
}

using System.Runtime.InteropServices;
using EbpfCat.Backend.Llvm.Native;
using EbpfCat.Elf;
using EbpfCat.Emit;
using EbpfCat.Ir;
using EbpfCat.Isa;
using EbpfCat.Passes;

namespace EbpfCat.Backend.Llvm;

/// <summary>The LLVM back end: translates the checked program to LLVM IR, runs LLVM's O2 pipeline and its
/// BPF target (triple <c>bpfel</c>, cpu v1–v4 from <see cref="CompilerOptions.Isa"/>) through the C API of
/// libLLVM-19, emits an object in memory and reads its instructions and map relocations back into the
/// same <see cref="CompiledProgram"/> shape the direct back end makes.</summary>
/// <remarks>Needs the Debian package libllvm19 at run time; without it <see cref="Generate"/> throws
/// <see cref="LlvmNotInstalledException"/>. The source map has one entry, the program's location: LLVM's
/// optimiser moves code across statements, so finer entries would need its debug line tables.</remarks>
/// <example><code>
/// var options = CompilerOptions.Default with { CodeGenerator = LlvmCodeGenerator.Instance, Isa = IsaVersion.V3 };
/// CompiledProgram p = Compiler.Compile(program, options);
/// // or, for a builder program: new Count().Load(options);
/// </code></example>
public sealed class LlvmCodeGenerator : ICodeGenerator
{
    /// <summary>The one instance; each compilation makes its own LLVM context, so it may be used from many threads.</summary>
    public static readonly LlvmCodeGenerator Instance = new();

    /// <summary>The pass pipeline handed to <c>LLVMRunPasses</c>.</summary>
    public const string Pipeline = "default<O2>";

    const string Triple = "bpfel";
    static readonly Lazy<Exception?> unavailable = new(Initialize);

    LlvmCodeGenerator() { }

    /// <inheritdoc/>
    public string Name => "llvm";

    /// <summary>Whether libLLVM-19 could be loaded and its BPF target initialised.</summary>
    public static bool IsAvailable => unavailable.Value is null;

    /// <summary>Why libLLVM-19 cannot be used here (naming the apt package), or null when it can.</summary>
    public static string? UnavailableReason => unavailable.Value is { } e ? new LlvmNotInstalledException(e).Message : null;

    /// <summary>Compiles <paramref name="program"/> with this back end: <see cref="Compiler.Compile"/> with
    /// <see cref="CompilerOptions.CodeGenerator"/> set to it.</summary>
    /// <exception cref="LlvmNotInstalledException">libLLVM-19 is not installed (package libllvm19).</exception>
    public static CompiledProgram Compile(IrProgram program, CompilerOptions? options = null)
        => Compiler.Compile(program, (options ?? CompilerOptions.Default) with { CodeGenerator = Instance });

    /// <inheritdoc/>
    /// <exception cref="LlvmNotInstalledException">libLLVM-19 is not installed (package libllvm19).</exception>
    /// <exception cref="LlvmBackendException">LLVM refused the program or emitted something that is not a program of ours.</exception>
    public CompiledProgram Generate(IrProgram lowered, IrProgram original, CompilerOptions options)
    {
        if (unavailable.Value is { } missing) throw new LlvmNotInstalledException(missing);
        var errors = new List<string>();
        var errorsHandle = GCHandle.Alloc(errors);
        try
        {
            using var context = LlvmApi.LLVMContextCreate();
            unsafe { LlvmApi.LLVMContextSetDiagnosticHandler(context, &OnDiagnostic, GCHandle.ToIntPtr(errorsHandle)); }
            using var module = LlvmApi.LLVMModuleCreateWithNameInContext(original.Name, context);
            var machine = TargetMachine(options.Isa);
            LlvmApi.LLVMSetTarget(module, Triple);
            var layout = LlvmApi.LLVMCreateTargetDataLayout(machine);
            LlvmApi.LLVMSetModuleDataLayout(module, layout);
            LlvmApi.LLVMDisposeTargetData(layout);

            IReadOnlyList<MapDeclaration> maps;
            using (var body = LlvmApi.LLVMCreateBuilderInContext(context))
            using (var entry = LlvmApi.LLVMCreateBuilderInContext(context))
                maps = IrToLlvm.Translate(lowered, new LlvmBuilder(context, module, body), new LlvmBuilder(context, module, entry));
            options.Dump?.Invoke("llvm translation", LlvmApi.TakeMessage(LlvmApi.LLVMPrintModuleToString(module)));
            if (LlvmApi.LLVMVerifyModule(module, 2, out var invalid) != 0) // LLVMReturnStatusAction
                throw new LlvmBackendException($"{original.Name}: the LLVM translation is invalid (a back-end bug): {LlvmApi.TakeMessage(invalid)}");
            else LlvmApi.TakeMessage(invalid);

            RunPasses(module, machine, original.Name);
            using (var rewrite = LlvmApi.LLVMCreateBuilderInContext(context))
                OverflowMultiplyExpansion.Run(new LlvmBuilder(context, module, rewrite));
            options.Dump?.Invoke($"llvm {Pipeline}", LlvmApi.TakeMessage(LlvmApi.LLVMPrintModuleToString(module)));
            var image = EmitObject(module, machine, original.Name);
            if (errors.Count > 0) throw new LlvmBackendException($"{original.Name}: LLVM's BPF target reported: {string.Join("; ", errors)}");
            return ReadProgram(image, maps, lowered, original);
        }
        finally
        {
            errorsHandle.Free();
        }
    }

    /// <summary>This thread's target machine for each ISA version. Making one costs about as much as compiling a
    /// small program, and a machine may compile one module after another but not two at once, hence one per thread;
    /// a thread keeps at most one per ISA version for its lifetime.</summary>
    [ThreadStatic] static Dictionary<IsaVersion, LlvmTargetMachineHandle>? machines;

    static LlvmTargetMachineHandle TargetMachine(IsaVersion isa)
    {
        machines ??= [];
        if (!machines.TryGetValue(isa, out var machine)) machines[isa] = machine = NewTargetMachine(isa);
        return machine;
    }

    static LlvmTargetMachineHandle NewTargetMachine(IsaVersion isa)
    {
        if (LlvmApi.LLVMGetTargetFromTriple(Triple, out var target, out var error) != 0)
            throw new LlvmBackendException($"libLLVM has no BPF target: {LlvmApi.TakeMessage(error)}");
        var cpu = $"v{(int)isa}";
        // relocation model static, default code model, optimisation level 2 for instruction selection
        var machine = LlvmApi.LLVMCreateTargetMachine(target, Triple, cpu, "", 2, 1, 0);
        if (machine.IsInvalid) throw new LlvmBackendException($"libLLVM cannot make a BPF target machine for cpu {cpu}");
        return machine;
    }

    static void RunPasses(LlvmModuleHandle module, LlvmTargetMachineHandle machine, string name)
    {
        var passOptions = LlvmApi.LLVMCreatePassBuilderOptions();
        try
        {
            var error = LlvmApi.LLVMRunPasses(module, Pipeline, machine, passOptions);
            if (error != IntPtr.Zero) throw new LlvmBackendException($"{name}: LLVM's {Pipeline} pipeline failed: {LlvmApi.TakeError(error)}");
        }
        finally
        {
            LlvmApi.LLVMDisposePassBuilderOptions(passOptions);
        }
    }

    static byte[] EmitObject(LlvmModuleHandle module, LlvmTargetMachineHandle machine, string name)
    {
        if (LlvmApi.LLVMTargetMachineEmitToMemoryBuffer(machine, module, 1, out var error, out var buffer) != 0) // LLVMObjectFile
        {
            buffer.Dispose();
            throw new LlvmBackendException($"{name}: LLVM's BPF target could not emit the program: {LlvmApi.TakeMessage(error)}");
        }
        using (buffer)
        {
            var bytes = new byte[(int)LlvmApi.LLVMGetBufferSize(buffer)];
            Marshal.Copy(LlvmApi.LLVMGetBufferStart(buffer), bytes, 0, bytes.Length);
            return bytes;
        }
    }

    /// <summary>The program's instructions from the object's section, each map relocation turned into the
    /// <c>lddw</c> pseudo form the loader patches (<c>BPF_PSEUDO_MAP_VALUE</c> with the offset in the high
    /// half, or <c>BPF_PSEUDO_MAP_FD</c>) and a <see cref="MapReference"/>.</summary>
    static CompiledProgram ReadProgram(byte[] image, IReadOnlyList<MapDeclaration> maps, IrProgram lowered, IrProgram original)
    {
        var elf = ElfSectionReader.Read(image);
        var section = elf.Section(IrToLlvm.Section);
        var instructions = InstructionEncoding.Decode(section.Data);
        var indexOfSlot = new Dictionary<long, int>();
        for (int i = 0, slot = 0; i < instructions.Length; slot += instructions[i].Slots, i++) indexOfSlot[slot] = i;

        var references = new List<MapReference>();
        foreach (var relocation in elf.RelocationsOf(section))
        {
            var symbol = elf.Symbols[relocation.Symbol];
            if (!indexOfSlot.TryGetValue(relocation.Offset / 8, out int index) || !instructions[index].IsWide)
                throw new LlvmBackendException($"{original.Name}: LLVM relocated byte {relocation.Offset}, which is not an lddw, against '{symbol.Name}'");
            var (map, isValue) = MapOf(symbol.Name, maps)
                ?? throw new LlvmBackendException($"{original.Name}: LLVM's code refers to '{symbol.Name}', which is not a map (instruction {index})");
            var i = instructions[index];
            long offset = (int)i.Immediate + symbol.Value;
            if (!isValue && offset != 0) throw new LlvmBackendException($"{original.Name}: LLVM addressed map '{map.Name}' itself at offset {offset} (instruction {index})");
            instructions[index] = Instruction.LoadPseudo(i.Destination, isValue ? PseudoSource.MapValue : PseudoSource.MapFd, 0, (int)offset);
            references.Add(new MapReference(index, map));
        }
        references.Sort((x, y) => x.Index.CompareTo(y.Index));
        var location = FirstLocation(lowered.Body) ?? FirstLocation(original.Body) ?? SourceLocation.Unknown;
        return new CompiledProgram(original.Name, original.License, [.. instructions], [.. references], [new SourceMapEntry(0, location)], original.Maps);
    }

    static (MapDeclaration Map, bool IsValue)? MapOf(string symbol, IReadOnlyList<MapDeclaration> maps)
    {
        foreach (var (prefix, isValue) in new[] { (IrToLlvm.ValuePrefix, true), (IrToLlvm.MapPrefix, false) })
            if (symbol.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(symbol.AsSpan(prefix.Length), out int n) && n < maps.Count)
                return (maps[n], isValue);
        return null;
    }

    static SourceLocation? FirstLocation(Stmt s) => s switch
    {
        _ when s.Location != SourceLocation.Unknown => s.Location,
        Block b => b.Statements.Select(FirstLocation).FirstOrDefault(l => l is not null),
        _ => null,
    };

    static Exception? Initialize()
    {
        try
        {
            LlvmApi.LLVMInitializeBPFTargetInfo();
            LlvmApi.LLVMInitializeBPFTarget();
            LlvmApi.LLVMInitializeBPFTargetMC();
            LlvmApi.LLVMInitializeBPFAsmPrinter();
            LlvmApi.LLVMInitializeBPFAsmParser();   // the packet pointers are loaded through inline assembly
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return e;
        }
    }

    [UnmanagedCallersOnly]
    static void OnDiagnostic(IntPtr info, IntPtr state)
    {
        if (LlvmApi.LLVMGetDiagInfoSeverity(info) != 0) return; // LLVMDSError; warnings and remarks are not ours to show
        var errors = (List<string>)GCHandle.FromIntPtr(state).Target!;
        errors.Add(LlvmApi.TakeMessage(LlvmApi.LLVMGetDiagInfoDescription(info)));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

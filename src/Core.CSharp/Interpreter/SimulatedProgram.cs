using EbpfCat.Emit;
using EbpfCat.Ir;
using EbpfCat.Isa;

namespace EbpfCat.Interpreter;

/// <summary>A compiled program running in the user-space interpreter instead of the kernel, with maps of its
/// own made as the loader makes kernel maps (hash maps of variables hold every variable's key from the start):
/// the seed's simulated mode, but executing the real bytecode. Needs no root.</summary>
/// <remarks>Each <c>lddw</c> of a map becomes a map-index load into <see cref="Maps"/>' order, so the very
/// instructions the kernel would verify run here, map accesses included.</remarks>
/// <example><code>
/// var simulated = new SimulatedProgram(program.Compile());
/// var result = simulated.RunXdp(new byte[64]);          // result.ReturnValue == 2 (XDP_PASS)
/// byte[]? globals = simulated.Maps[globalsDeclaration].Lookup(BitConverter.GetBytes(0));
/// </code></example>
public sealed class SimulatedProgram
{
    readonly BpfInterpreter interpreter;

    /// <summary>Prepares <paramref name="compiled"/> with fresh, zeroed maps; per-CPU maps get <paramref name="cpuCount"/> CPUs.</summary>
    public SimulatedProgram(CompiledProgram compiled, int cpuCount = 1)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentOutOfRangeException.ThrowIfLessThan(cpuCount, 1);
        var order = compiled.Maps.ToArray();
        var maps = order.Select(m => Create(m, cpuCount)).ToArray();
        Maps = order.Zip(maps).ToDictionary(p => p.First, p => p.Second);
        Program = compiled;
        interpreter = new BpfInterpreter(ByMapIndex(compiled, order), new InterpreterOptions { Maps = maps });
    }

    /// <summary>The program as compiled.</summary>
    public CompiledProgram Program { get; }

    /// <summary>The program's maps, by declaration.</summary>
    public IReadOnlyDictionary<MapDeclaration, InterpreterMap> Maps { get; }

    /// <summary>Runs the program as XDP on <paramref name="packet"/> (any length, the empty packet too, which the
    /// kernel's test runs do not accept below 14 bytes) on <paramref name="cpu"/>.</summary>
    /// <exception cref="InterpreterException">The program faulted, e.g. read past the end of the packet.</exception>
    public InterpreterResult RunXdp(byte[] packet, int cpu = 0) => interpreter.RunXdp(packet, cpu: cpu);

    static InterpreterMap Create(MapDeclaration m, int cpus)
    {
        InterpreterMap map = m.Kind switch
        {
            MapKind.Array => new InterpreterArrayMap(m.Name, m.ValueSize, m.MaxEntries),
            MapKind.Hash => new InterpreterHashMap(m.Name, m.KeySize, m.ValueSize, m.MaxEntries),
            MapKind.PerCpuArray => new InterpreterPerCpuArrayMap(m.Name, m.ValueSize, m.MaxEntries, cpus),
            MapKind.PerCpuHash => new InterpreterPerCpuHashMap(m.Name, m.KeySize, m.ValueSize, m.MaxEntries, cpus),
            _ => throw new ArgumentOutOfRangeException(nameof(m), m.Kind, "unknown map kind"),
        };
        if (m.HoldsVariables)
        {
            var zero = new byte[map.UserValueSize];
            for (int key = 0; key < m.MaxEntries; key++)
                map.Update(BitConverter.GetBytes(key).AsSpan(0, m.KeySize), zero, InterpreterUpdateFlags.NoExist);
        }
        return map;
    }

    /// <summary>The instructions with each map reference pointing at the map's position in <paramref name="order"/>.</summary>
    static Instruction[] ByMapIndex(CompiledProgram compiled, MapDeclaration[] order)
    {
        var program = compiled.Instructions.ToArray();
        foreach (var reference in compiled.MapReferences)
        {
            var i = program[reference.Index];
            var source = i.PseudoSource == PseudoSource.MapValue ? PseudoSource.MapIndexValue : PseudoSource.MapIndex;
            program[reference.Index] = Instruction.LoadPseudo(i.Destination, source, Array.IndexOf(order, reference.Map), (int)(i.Immediate >> 32));
        }
        return program;
    }
}

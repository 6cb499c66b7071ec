using EbpfCat.Ir;
using EbpfCat.Isa;

namespace EbpfCat.Emit;

/// <summary>A compiled program, whichever back end made it: instructions, the map references the
/// loader must fill with fds, and a source map from instruction slots to the user's source.</summary>
/// <example><code>
/// CompiledProgram p = Compiler.Compile(program);
/// Console.WriteLine(Disassembler.Disassemble(p.Instructions));
/// </code></example>
public sealed record CompiledProgram(
    string Name,
    string License,
    EquatableArray<Instruction> Instructions,
    EquatableArray<MapReference> MapReferences,
    EquatableArray<SourceMapEntry> SourceMap,
    EquatableArray<MapDeclaration> Maps)
{
    /// <summary>The number of 8-byte slots, as the kernel counts instructions.</summary>
    public int SlotCount => InstructionEncoding.SlotCount(Instructions.Items.AsSpan());

    /// <summary>The user's source location of the instruction at <paramref name="slot"/>, if known.</summary>
    public SourceLocation? LocationOf(int slot)
    {
        SourceLocation? found = null;
        foreach (var entry in SourceMap)
        {
            if (entry.Slot > slot) break;
            found = entry.Location;
        }
        return found;
    }
}

/// <summary>A <c>lddw</c> at <see cref="Index"/> (an index into the instruction list, an <c>lddw</c>
/// counting once) that refers to <see cref="Map"/>; the loader turns it into a fd-level
/// <c>Loader.MapRelocation</c> once the map exists.</summary>
public sealed record MapReference(int Index, MapDeclaration Map);

/// <summary>From <see cref="Slot"/> on, instructions come from <see cref="Location"/>.</summary>
public readonly record struct SourceMapEntry(int Slot, SourceLocation Location);

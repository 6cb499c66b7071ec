namespace EbpfCat.Loader;

/// <summary>A map reference in a program that the loader resolves: the 64-bit immediate load at
/// <see cref="InstructionIndex"/> refers to the map at <see cref="MapIndex"/> of the maps handed to the loader.</summary>
/// <remarks>
/// <para>This is how compiled code meets kernel objects: the compiler emits
/// <c>Instruction.LoadMapFd(reg, 0)</c> or <c>Instruction.LoadMapValue(reg, 0, offset)</c> (or the
/// <c>MapIndex</c>/<c>MapIndexValue</c> pseudo sources) with a placeholder, and lists one relocation per such
/// instruction. At load time the loader writes each map's file descriptor into the immediate, keeping the value
/// offset in the upper half, and turns the index pseudo sources into their fd forms.</para>
/// <para>Instructions that use <c>PseudoSource.MapIndex</c> or <c>MapIndexValue</c> without a relocation are left for the
/// kernel, which resolves the index through the fd array built from the same maps (kernel 5.14).</para>
/// <para><see cref="InstructionIndex"/> counts <see cref="Isa.Instruction"/> values (an <c>lddw</c> counts once),
/// not 8-byte slots.</para>
/// </remarks>
/// <param name="InstructionIndex">The index of the <c>lddw</c> in the instruction list.</param>
/// <param name="MapIndex">The index of the map in the list of maps passed to <see cref="BpfProgram.Load(ProgramType, System.ReadOnlySpan{Isa.Instruction}, System.Collections.Generic.IReadOnlyList{MapRelocation}, System.Collections.Generic.IReadOnlyList{Maps.BpfMap}, ProgramLoadOptions?)"/>.</param>
/// <example><code>
/// Instruction[] code = [Instruction.LoadMapValue(Register.R1, 0, 0), /* ... */];
/// using var program = BpfProgram.Load(ProgramType.Xdp, code, [new MapRelocation(0, 0)], [globals]);
/// </code></example>
public readonly record struct MapRelocation(int InstructionIndex, int MapIndex);

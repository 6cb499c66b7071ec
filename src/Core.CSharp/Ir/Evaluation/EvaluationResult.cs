namespace EbpfCat.Ir.Evaluation;

/// <summary>What a run of a program leaves behind: its return value, the packet after it and the maps'
/// contents; equal results compare equal by content, so runs of different engines can be compared.</summary>
/// <example><code>
/// var before = IrEvaluator.Run(program, packet, maps);
/// var after = IrEvaluator.Run(lowered, packet, maps);
/// Assert.Equal(before, after);
/// </code></example>
public sealed class EvaluationResult(long returnValue, byte[] packet, MapState maps) : IEquatable<EvaluationResult>
{
    /// <summary>The value the program exits with (r0), as a 64-bit integer.</summary>
    public long ReturnValue { get; } = returnValue;

    /// <summary>The packet's bytes after the run.</summary>
    public byte[] Packet { get; } = packet;

    /// <summary>The maps after the run.</summary>
    public MapState Maps { get; } = maps;

    /// <inheritdoc/>
    public bool Equals(EvaluationResult? other) => other is not null
        && ReturnValue == other.ReturnValue && Packet.AsSpan().SequenceEqual(other.Packet) && Maps.ContentEquals(other.Maps);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as EvaluationResult);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ReturnValue, Packet.Length);

    /// <summary>Return value, packet and maps as text, for test failures.</summary>
    public override string ToString() => $"return {ReturnValue}; packet {System.Convert.ToHexString(Packet)}; {Maps}";
}

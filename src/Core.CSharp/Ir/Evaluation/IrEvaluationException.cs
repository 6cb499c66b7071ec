namespace EbpfCat.Ir.Evaluation;

/// <summary>The reference evaluator met a program or run it cannot give a meaning to.</summary>
/// <example><code>try { IrEvaluator.Run(program, packet, maps); } catch (IrEvaluationException e) { Console.WriteLine(e.Message); }</code></example>
public class IrEvaluationException : EbpfCatException
{
    /// <summary>An evaluation error with a message naming the node and its source location.</summary>
    public IrEvaluationException(string message) : base(message) { }
}

/// <summary>A packet field lies (partly) outside the packet: the bounds check should have rejected the program.</summary>
/// <example><code>catch (PacketAccessException e) when (e.Offset == 12) { }</code></example>
public sealed class PacketAccessException(int offset, int size, int packetLength, SourceLocation location)
    : IrEvaluationException($"{location}: packet bytes {offset}..{offset + size - 1} are outside the packet of {packetLength} bytes")
{
    /// <summary>The first byte accessed.</summary>
    public int Offset { get; } = offset;
    /// <summary>The number of bytes accessed.</summary>
    public int Size { get; } = size;
    /// <summary>The packet's length.</summary>
    public int PacketLength { get; } = packetLength;
}

/// <summary>A fixed-point operation left the 64-bit range of raw values (including the raw product of ×
/// and the scaled dividend of /): the documented overflow, whose result the language does not define.</summary>
/// <example><code>catch (FixedPointOverflowException) { /* discard this random program */ }</code></example>
public sealed class FixedPointOverflowException(string operation, SourceLocation location)
    : IrEvaluationException($"{location}: fixed-point overflow in {operation}");

/// <summary>The program uses something the evaluator has no meaning for (e.g. the context's data pointers, an unknown helper).</summary>
/// <example><code>catch (UnsupportedByEvaluatorException e) { Console.WriteLine(e.Message); }</code></example>
public sealed class UnsupportedByEvaluatorException(string what, SourceLocation location)
    : IrEvaluationException($"{location}: the reference evaluator does not support {what}");

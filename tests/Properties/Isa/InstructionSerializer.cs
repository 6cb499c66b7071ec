using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using EbpfCat.Isa;
using EbpfCat.Properties.Isa;
using Xunit.Sdk;

[assembly: RegisterXunitSerializer(typeof(InstructionSerializer), typeof(Instruction))]

namespace EbpfCat.Properties.Isa;

/// <summary>Lets theory rows carry instructions, so each row is its own test case named by its text.</summary>
public sealed class InstructionSerializer : IXunitSerializer
{
    /// <inheritdoc />
    public bool IsSerializable(Type type, object? value, [NotNullWhen(false)] out string? failureReason)
    {
        failureReason = type == typeof(Instruction) ? null : $"{type} is not an instruction";
        return failureReason is null;
    }

    // The raw fields, not the encoding, so that even invalid instructions survive the trip.
    /// <inheritdoc />
    public string Serialize(object value)
    {
        var i = (Instruction)value;
        return string.Join(',', i.Opcode.Value, (byte)i.Destination, (byte)i.Source, i.Offset, i.Immediate);
    }

    /// <inheritdoc />
    public object Deserialize(Type type, string serializedValue)
    {
        var f = serializedValue.Split(',');
        return new Instruction(new Opcode(byte.Parse(f[0], CultureInfo.InvariantCulture)), (Register)byte.Parse(f[1], CultureInfo.InvariantCulture),
            (Register)byte.Parse(f[2], CultureInfo.InvariantCulture), short.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture));
    }
}

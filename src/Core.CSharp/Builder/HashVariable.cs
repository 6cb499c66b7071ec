using System.Runtime.CompilerServices;
using EbpfCat.Ir;
using EbpfCat.Maps;

namespace EbpfCat.Builder;

/// <summary>A variable in a hash map (BPF_MAP_TYPE_HASH): 8 bytes, every access from the program a map
/// lookup or update, every read from user space a syscall that asks the kernel anew.</summary>
/// <remarks><c>+=</c> in the program is atomic (an atomic add on the looked-up value; a missing entry is
/// inserted without overwriting one another CPU inserted meanwhile). From user space, use <see cref="Value"/>.
/// <typeparamref name="T"/> is long, ulong, or double for fixed point.</remarks>
/// <example><code>
/// public sealed class Count : XdpProgram
/// {
///     public HashVariable&lt;ulong&gt; Packets = new();
///     protected override void Build() { Packets += 1; Exit(XdpAction.Pass); }
/// }
/// </code></example>
public sealed class HashVariable<T> : MapVariableBase where T : unmanaged
{
    /// <summary>A variable in the hash map named <paramref name="map"/> (default "hash").</summary>
    public HashVariable(string? map = null, [CallerMemberName] string name = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        : base(MapKind.Hash, Format<T>.Require(name, CallSite.Of(file, line)), map, name, file, line)
    {
        if (Type.Size != 8) throw new ArgumentException($"{Declared}: hash map variables are 8 bytes (long, ulong or double), not {typeof(T).Name}");
    }

    /// <summary>The live value: a lookup in the kernel on every read (0 when never written), an update on every write.</summary>
    public T Value
    {
        get
        {
            var (map, variable) = Live();
            return map.Lookup(Key(variable)) is { } bytes ? Format<T>.Read(bytes) : default;
        }
        set
        {
            var (map, variable) = Live();
            var bytes = new byte[8];
            Format<T>.Write(bytes, value);
            map.Update(Key(variable), bytes, MapUpdateFlags.Any);
        }
    }

    static byte[] Key(MapVariable variable) => BitConverter.GetBytes((int)variable.Key);

    private protected override void AddFromUserSpace(Expression value)
        => throw new InvalidOperationException($"{Declared}: '{Name}' is in a hash map, where user space cannot add atomically; assign Value instead, or use an ArrayVariable");

    private protected override string FormatLive() => Value.ToString() ?? "";
}

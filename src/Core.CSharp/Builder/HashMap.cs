using System.Runtime.CompilerServices;
using EbpfCat.Ir;
using EbpfCat.Maps;

namespace EbpfCat.Builder;

/// <summary>A hash map of <typeparamref name="TKey"/> to <typeparamref name="TValue"/> (BPF_MAP_TYPE_HASH):
/// in the program, <see cref="Lookup"/> (whose result must be checked before use), <see cref="Update"/> and
/// <see cref="Delete"/>; from user space, a dictionary backed by the kernel map.</summary>
/// <remarks>Keys and values are the map formats byte, sbyte, ushort, short, uint, int, ulong, long.</remarks>
/// <example><code>
/// public sealed class PerProtocol : XdpProgram
/// {
///     public HashMap&lt;ushort, ulong&gt; Counts = new(maxEntries: 256);
///
///     protected override void Build()
///     {
///         If(PacketSize >= 14, () =>
///         {
///             var type = Packet.Network.H[12];
///             var entry = Counts.Lookup(type);
///             If(entry.Found, () => entry.Value += 1).Else(() => Counts.Update(type, 1));
///         });
///         Exit(XdpAction.Pass);
///     }
/// }
/// // user space: foreach (var (type, n) in program.Counts) Console.WriteLine($"{type:x4}: {n}");
/// </code></example>
public sealed class HashMap<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : unmanaged where TValue : unmanaged
{
    readonly MapDeclaration declaration;
    readonly IntType keyType, valueType;
    readonly SourceLocation declared;
    EbpfProgram? owner;

    /// <summary>A hash map of at most <paramref name="maxEntries"/> entries, named after its field.</summary>
    public HashMap(int maxEntries = 1024, [CallerMemberName] string name = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        declared = CallSite.Of(file, line);
        keyType = Format<TKey>.Require(name, declared) as IntType ?? throw new ArgumentException($"{declared}: map keys are integers, not {typeof(TKey).Name}");
        valueType = Format<TValue>.Require(name, declared) as IntType ?? throw new ArgumentException($"{declared}: map values are integers, not {typeof(TValue).Name}");
        if (maxEntries < 1) throw new ArgumentOutOfRangeException(nameof(maxEntries), maxEntries, "a map holds at least one entry");
        declaration = new MapDeclaration(name, MapKind.Hash, keyType.Size, valueType.Size, maxEntries);
    }

    /// <summary>The map's name (its field's name).</summary>
    public string Name => declaration.Name;

    MapDeclaration Bind(string what)
    {
        var context = BuildContext.Require(what);
        if (owner is not null && owner != context.Program)
            throw new InvalidOperationException($"{declared}: map '{Name}' belongs to {owner.GetType().Name} and cannot be used by {context.Program.GetType().Name}");
        owner = context.Program;
        return context.Layout.Declare(declaration);
    }

    /// <summary>Looks <paramref name="key"/> up in the program; the entry must be checked with
    /// <see cref="MapEntry{TValue}.Found"/> before its value is used (a build error otherwise).</summary>
    public MapEntry<TValue> Lookup(Expression key, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var map = Bind($"{Name}.Lookup");
        var at = CallSite.Of(file, line);
        var context = BuildContext.Current!;
        var pointer = context.NewLocal($"{Name}_entry{line}", MapLookup.MapValuePointer);
        context.Add(new Assign(new LocalRef(pointer, at), new MapLookup(map, Variable.Located(key.ToIr(), at), at), at));
        return new MapEntry<TValue>(pointer, valueType, at);
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> in the program (BPF_ANY, or <paramref name="flags"/>).</summary>
    public void Update(Expression key, Expression value, MapUpdateFlags flags = MapUpdateFlags.Any, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var map = Bind($"{Name}.Update");
        var at = CallSite.Of(file, line);
        BuildContext.Current!.Add(new Evaluate(new MapUpdate(map, Variable.Located(key.ToIr(), at), Variable.Located(value.ToIr(), at), (long)flags, at), at));
    }

    /// <summary>Removes <paramref name="key"/> in the program.</summary>
    public void Delete(Expression key, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var map = Bind($"{Name}.Delete");
        var at = CallSite.Of(file, line);
        BuildContext.Current!.Add(new Evaluate(new MapDelete(map, Variable.Located(key.ToIr(), at), at), at));
    }

    // ------------------------------------------------------------- user space

    BpfMap Kernel => owner?.LiveMaps is { } maps ? maps[declaration]
        : throw new InvalidOperationException($"{declared}: map '{Name}' has no kernel map: its program is not loaded, or does not use it");

    static byte[] KeyBytes(TKey key)
    {
        var bytes = new byte[Format<TKey>.Type!.Size];
        Format<TKey>.Write(bytes, key);
        return bytes;
    }

    /// <summary>The value under <paramref name="key"/>, asked of the kernel; setting it updates the kernel map.</summary>
    /// <exception cref="KeyNotFoundException">The key is not in the map.</exception>
    public TValue this[TKey key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"map '{Name}' has no key {key}");
        set
        {
            var bytes = new byte[valueType.Size];
            Format<TValue>.Write(bytes, value);
            Kernel.Update(KeyBytes(key), bytes);
        }
    }

    /// <summary>The value under <paramref name="key"/>, if the kernel map has one.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        var bytes = Kernel.Lookup(KeyBytes(key));
        value = bytes is null ? default : Format<TValue>.Read(bytes);
        return bytes is not null;
    }

    /// <summary>Removes <paramref name="key"/> from the kernel map; false when it was not there.</summary>
    public bool Remove(TKey key) => Kernel.Delete(KeyBytes(key));

    /// <summary>The entries, read from the kernel map now.</summary>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        foreach (var key in Kernel.Keys())
            if (Kernel.Lookup(key) is { } value)
                yield return new(Format<TKey>.Read(key), Format<TValue>.Read(value));
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The result of <see cref="HashMap{TKey,TValue}.Lookup"/> in a program: a pointer to the value, or null.</summary>
/// <example><code>If(entry.Found, () => entry.Value += 1).Else(() => Counts.Update(key, 1));</code></example>
public sealed class MapEntry<TValue> where TValue : unmanaged
{
    readonly Local pointer;
    readonly IntType valueType;

    internal MapEntry(Local pointer, IntType valueType, SourceLocation at)
    {
        this.pointer = pointer;
        this.valueType = valueType;
        // no location of its own: each statement that uses the value gives it its line, so errors point at the use
        Value = new MapEntryValue(new MapValueField(new LocalRef(pointer, at), 0, valueType, SourceLocation.Unknown));
    }

    /// <summary>The key was found: inside <c>If(entry.Found, ...)</c> the value may be used.</summary>
    public Condition Found => new(new Compare(CompareOperator.NotEqual, new LocalRef(pointer, SourceLocation.Unknown), new Constant(0, IrType.I64, SourceLocation.Unknown), SourceLocation.Unknown));

    /// <summary>The key is missing.</summary>
    public Condition Missing => new(new Compare(CompareOperator.Equal, new LocalRef(pointer, SourceLocation.Unknown), new Constant(0, IrType.I64, SourceLocation.Unknown), SourceLocation.Unknown));

    /// <summary>The value in the map, read and written in place (only where <see cref="Found"/> holds).</summary>
    /// <remarks>A writable field, not a property or a readonly field: C# 14 applies a user-defined instance
    /// <c>+=</c> only to assignable fields and locals, and <c>entry.Value += 1</c> must be the atomic add, never a
    /// read-add-write. Assigning the field itself changes nothing in the program.</remarks>
    public Variable Value;
}

/// <summary>A map value reached through a looked-up pointer.</summary>
internal sealed class MapEntryValue(MapValueField field) : Variable
{
    internal override Expr ToIr() => field;
}

namespace EbpfCat.Interpreter.Memory;

/// <summary>One block of memory the program may touch: a stack, a context, a packet or a map's values.</summary>
/// <remarks>
/// The region is found from the upper 32 bits of an address (see <see cref="AddressSpace"/>) and the
/// lower 32 bits are the offset into <see cref="Data"/>. Only offsets in [<see cref="Low"/>, <see cref="High"/>)
/// are accessible; the stack moves <see cref="Low"/> on every call so that a function cannot reach
/// below its own frame.
/// </remarks>
internal sealed class Region(string name, byte[] data, bool writable)
{
    /// <summary>What the region is, for fault messages ("stack", "packet", "map 'counts'").</summary>
    public string Name { get; } = name;

    /// <summary>The bytes behind the region; shared with the caller for map values.</summary>
    public byte[] Data { get; } = data;

    /// <summary>Whether stores and atomics may change the region.</summary>
    public bool Writable { get; } = writable;

    /// <summary>The lowest accessible offset.</summary>
    public uint Low;

    /// <summary>One past the highest accessible offset.</summary>
    public uint High = (uint)data.Length;
}

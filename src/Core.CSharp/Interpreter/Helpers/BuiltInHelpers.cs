namespace EbpfCat.Interpreter;

/// <summary>The kernel helpers the interpreter provides without being asked, with the kernel's numbers and results.</summary>
internal static class BuiltInHelpers
{
    public const int MapLookupElem = 1, MapUpdateElem = 2, MapDeleteElem = 3, KtimeGetNs = 5, TracePrintk = 6,
        GetPrandomU32 = 7, GetSmpProcessorId = 8, Redirect = 23;

    const ulong XdpAborted = 0, XdpRedirect = 4;

    public static IEnumerable<KeyValuePair<int, InterpreterHelper>> All =>
    [
        new(MapLookupElem, Lookup),
        new(MapUpdateElem, Update),
        new(MapDeleteElem, Delete),
        new(KtimeGetNs, c => c.NowNanoseconds()),
        new(TracePrintk, Print),
        new(GetPrandomU32, c => c.NextRandom()),
        new(GetSmpProcessorId, c => (ulong)c.Cpu),
        new(Redirect, RedirectTo),
    ];

    /// <summary>void *bpf_map_lookup_elem(map, key): the value's address, or NULL.</summary>
    static ulong Lookup(HelperContext c)
    {
        var map = c.Map(c.R1);
        long offset = map.ValueOffset(c.Read(c.R2, map.KeySize), c.Cpu);
        return offset < 0 ? 0 : c.ValueAddress(c.R1, offset);
    }

    /// <summary>long bpf_map_update_elem(map, key, value, flags): 0 or a negative errno.</summary>
    static ulong Update(HelperContext c)
    {
        var map = c.Map(c.R1);
        return (ulong)(long)map.UpdateFromProgram(c.Read(c.R2, map.KeySize), c.Read(c.R3, map.ValueSize), c.R4, c.Cpu);
    }

    /// <summary>long bpf_map_delete_elem(map, key): 0 or a negative errno.</summary>
    static ulong Delete(HelperContext c)
    {
        var map = c.Map(c.R1);
        return (ulong)(long)map.DeleteFromProgram(c.Read(c.R2, map.KeySize));
    }

    /// <summary>long bpf_trace_printk(fmt, fmt_size, ...): the length of the formatted line.</summary>
    static ulong Print(HelperContext c)
    {
        if (c.R2 == 0 || c.R2 > 1024) throw c.Fail($"trace_printk's format size {c.R2} is not between 1 and 1024");
        var format = c.Read(c.R1, (int)c.R2);
        if (format[^1] != 0) throw c.Fail("trace_printk's format is not NUL-terminated within its size");
        string line = TracePrintkFormatter.Format(format[..format.IndexOf((byte)0)], [c.R3, c.R4, c.R5], c);
        // The kernel's trace pipe shows lines; the captured list keeps them without their newline.
        c.Trace(line.EndsWith('\n') ? line[..^1] : line);
        return (ulong)line.Length;
    }

    /// <summary>long bpf_redirect(ifindex, flags): XDP_REDIRECT, or XDP_ABORTED for unknown flags (the XDP variant).</summary>
    static ulong RedirectTo(HelperContext c)
    {
        if (c.R2 != 0) return XdpAborted;
        c.RedirectIfindex = (int)(uint)c.R1;
        return XdpRedirect;
    }
}

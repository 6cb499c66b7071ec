using System.Globalization;
using EbpfCat.Loader;
using EbpfCat.Maps;

namespace EbpfCat.Cli;

/// <summary>The <c>ID|PIN</c> arguments: a kernel object by its kernel-wide id (all digits) or by its pin path in a bpffs.</summary>
internal static class ObjectReference
{
    /// <summary>The map with id or pin <paramref name="reference"/>.</summary>
    public static BpfMap OpenMap(string reference) => Open(reference, "map", BpfMap.OpenById, BpfMap.OpenPinned);

    /// <summary>The program with id or pin <paramref name="reference"/>.</summary>
    public static BpfProgram OpenProgram(string reference) => Open(reference, "program", BpfProgram.OpenById, BpfProgram.OpenPinned);

    /// <summary>True when <paramref name="reference"/> is an id rather than a path.</summary>
    public static bool IsId(string reference, out uint id)
        => uint.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    static T Open<T>(string reference, string kind, Func<uint, T> byId, Func<string, T> byPin)
    {
        if (IsId(reference, out var id))
        {
            try { return byId(id); }
            catch (BpfException e) when (e.Errno == Errno.ENOENT) { throw new CommandException($"no {kind} has id {id}", e); }
        }
        try { return byPin(reference); }
        catch (BpfException e) when (e.Errno == Errno.ENOENT) { throw new CommandException($"{reference}: nothing is pinned there", e); }
        catch (BpfException e) { throw new CommandException($"{reference}: {e.Message}", e); }
    }
}

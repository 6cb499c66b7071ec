using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>Where in the user's code a builder call was made.</summary>
internal static class CallSite
{
    /// <summary>From caller-info attributes, the cheap and exact way (methods).</summary>
    public static SourceLocation Of(string file, int line) => string.IsNullOrEmpty(file) ? SourceLocation.Unknown : Shared(file, line, 0);

    /// <summary>From the stack, for operators, which cannot take caller-info parameters: the caller of the
    /// operator is two frames up (the operator is kept from being inlined). Without symbols (NativeAOT)
    /// there is no line, and the location stays unknown; the statement's own location fills it in later.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static SourceLocation OfOperatorCaller()
    {
        var frame = new StackFrame(2, needFileInfo: true);
        return frame.GetFileName() is { Length: > 0 } file ? Shared(file, frame.GetFileLineNumber(), frame.GetFileColumnNumber()) : SourceLocation.Unknown;
    }

    // One location object per place in the user's source: a program unrolled by a loop has thousands of nodes from one
    // line, and sharing their location makes its IR about half as large, which every pass that walks it and every
    // collection while it is alive pays for. The places are those of the user's code, so the table stays small.
    static readonly ConcurrentDictionary<(string File, int Line, int Column), SourceLocation> known = new();

    static SourceLocation Shared(string file, int line, int column) =>
        known.GetOrAdd((file, line, column), static place => new SourceLocation(place.File, place.Line, place.Column));
}

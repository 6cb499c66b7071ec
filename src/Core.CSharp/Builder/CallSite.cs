using System.Collections.Concurrent;
using System.Diagnostics;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>Where in the user's code a builder call was made.</summary>
internal static class CallSite
{
    /// <summary>From caller-info attributes, the cheap and exact way (methods).</summary>
    public static SourceLocation Of(string file, int line) => string.IsNullOrEmpty(file) ? SourceLocation.Unknown : Shared(file, line, 0);

    /// <summary>From the stack, for operators, which cannot take caller-info parameters: the nearest frame outside this
    /// library is the user's. Counting a fixed number of frames up would depend on what the JIT inlined (a helper
    /// such as a property getter is its own frame until tiered compilation inlines it), and it did name the builder's
    /// own file. Without symbols (NativeAOT) there is no line, and the location stays unknown; the statement's own
    /// location fills it in later.</summary>
    public static SourceLocation OfOperatorCaller()
    {
        // One capture, as one StackFrame would also make: resolving file and line is the cost, not the walk.
        var trace = new StackTrace(1, fNeedFileInfo: true);
        for (int k = 0; k < trace.FrameCount; k++)
        {
            var frame = trace.GetFrame(k);
            if (frame is not null && DiagnosticMethodInfo.Create(frame)?.DeclaringAssemblyName == Library) continue;
            return frame?.GetFileName() is { Length: > 0 } file ? Shared(file, frame.GetFileLineNumber(), frame.GetFileColumnNumber()) : SourceLocation.Unknown;
        }
        return SourceLocation.Unknown;
    }

    static readonly string? Library = typeof(CallSite).Assembly.FullName;

    // One location object per place in the user's source: a program unrolled by a loop has thousands of nodes from one
    // line, and sharing their location makes its IR about half as large, which every pass that walks it and every
    // collection while it is alive pays for. The places are those of the user's code, so the table stays small.
    static readonly ConcurrentDictionary<(string File, int Line, int Column), SourceLocation> known = new();

    static SourceLocation Shared(string file, int line, int column) =>
        known.GetOrAdd((file, line, column), static place => new SourceLocation(place.File, place.Line, place.Column));
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>Where in the user's code a builder call was made.</summary>
internal static class CallSite
{
    /// <summary>From caller-info attributes, the cheap and exact way (methods).</summary>
    public static SourceLocation Of(string file, int line) => string.IsNullOrEmpty(file) ? SourceLocation.Unknown : new SourceLocation(file, line);

    /// <summary>From the stack, for operators, which cannot take caller-info parameters: the caller of the
    /// operator is two frames up (the operator is kept from being inlined). Without symbols (NativeAOT)
    /// there is no line, and the location stays unknown; the statement's own location fills it in later.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static SourceLocation OfOperatorCaller()
    {
        var frame = new StackFrame(2, needFileInfo: true);
        return frame.GetFileName() is { Length: > 0 } file ? new SourceLocation(file, frame.GetFileLineNumber(), frame.GetFileColumnNumber()) : SourceLocation.Unknown;
    }
}

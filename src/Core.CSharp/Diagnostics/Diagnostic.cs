using EbpfCat.Ir;

namespace EbpfCat.Diagnostics;

/// <summary>How bad a diagnostic is: errors stop compilation, warnings do not.</summary>
public enum Severity
{
    /// <summary>The program still compiles.</summary>
    Warning,
    /// <summary>The program cannot be compiled.</summary>
    Error,
}

/// <summary>A finding of the compiler about the user's program: a stable id (<c>EBPF0001</c>), a
/// severity, the user's source location and a message. Passes collect them; they never throw them.</summary>
/// <example><code>var d = new Diagnostic(DiagnosticIds.UnguardedPacketAccess, Severity.Error, loc, "packet bytes 12..14 are read outside a packet-size guard");
/// Console.WriteLine(d); // Count.cs:14: error EBPF0101: packet bytes 12..14 are read outside ...</code></example>
public sealed record Diagnostic(string Id, Severity Severity, SourceLocation Location, string Message)
{
    /// <summary>The compiler's usual one-line form: <c>file:line: error ID: message</c>.</summary>
    public override string ToString() => $"{Location}: {(Severity == Severity.Error ? "error" : "warning")} {Id}: {Message}";
}

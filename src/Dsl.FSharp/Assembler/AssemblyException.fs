namespace EbpfCat.FSharp

open EbpfCat

/// Formats the one-line message of an assembly error, compiler style.
module internal AssemblyMessage =
    /// <c>file:line:column: reason</c>, with <c>&lt;input&gt;</c> when the text came without a file name.
    let format (file: string | null) (line: int) (column: int) (reason: string) =
        let name =
            match file with
            | null -> "<input>"
            | name -> name
        (name + ":" + string line + ":" + string column + ": " + reason)

/// Assembly text that is not a valid eBPF program: a syntax error, an unknown or duplicate
/// label, a jump beyond its offset's range or an invalid instruction, with the place it was found.
/// <example><code>
/// try { Assembler.Assemble("r0 = \nexit", "prog.s"); }
/// catch (AssemblyException e) { Console.Error.WriteLine(e.Message); } // prog.s:1:6: expected ...
/// </code></example>
[<Sealed>]
type AssemblyException(file: string | null, line: int, column: int, reason: string) =
    inherit EbpfCatException(AssemblyMessage.format file line column reason, null)

    /// The file name given to the assembler, or null when the text came without one.
    member _.File = file

    /// The line of the error, counted from 1.
    member _.Line = line

    /// The column of the error, counted from 1 (a tab counts as one column).
    member _.Column = column

    /// What is wrong, without the position: for syntax errors, what was expected and what was found.
    member _.Reason = reason

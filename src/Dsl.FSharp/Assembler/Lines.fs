/// The line structure both dialects share (labels, one instruction, a comment), and the
/// translation of FParsec's errors into one-line, positioned messages.
module internal EbpfCat.FSharp.Lines

open FParsec
open EbpfCat.Isa
open EbpfCat.FSharp.Lexical

/// What a dialect adds to the shared line structure.
type Dialect =
    { /// None when the word can begin an instruction, else why it cannot.
      CheckHead: string -> string option
      /// The rest of an instruction after its first word (already consumed with its spaces).
      AfterHead: string -> P<Emitted>
      /// Instructions that begin with punctuation rather than a word.
      Other: P<Emitted>
      /// Slots the dialect names without a label definition.
      ImplicitLabels: Statement list -> Map<string, int> }

type private Head =
    | LabelHead of string * SourcePosition
    | InstructionHead of string * SourcePosition

/// <c>;</c>, <c>//</c> or <c>#</c> to the end of the line.
let private comment: P<unit> =
    (skipChar ';' <|> skipChar '#' <|> skipString "//") >>. skipManySatisfy (fun c -> c <> '\n' && c <> '\r')

let private lineEnd: P<unit> = (optional comment >>. (skipNewline <|> eof)) <?> "end of line"

/// Whether a colon follows; unlike opt, leaves no "expected ':'" behind for later errors.
let private colon: P<bool> = fun stream -> Reply(stream.Skip ':')

let private head (dialect: Dialect) : P<Head> =
    (position .>>. lexeme identifier .>>. lexeme colon)
    |> refine (fun ((at, name), isLabel) ->
        match isLabel, dialect.CheckHead name with
        | true, _ -> Result.Ok(LabelHead(name, at))
        | false, None -> Result.Ok(InstructionHead(name, at))
        | false, Some why -> Result.Error why)

/// Labels (<c>name:</c>), then at most one instruction; an empty list for blank lines.
let rec private body (dialect: Dialect) (labels: Statement list) : P<Statement list> =
    let headed =
        head dialect
        >>= function
            | LabelHead(name, at) -> body dialect (LabelDefinition(name, at) :: labels)
            | InstructionHead(name, at) -> dialect.AfterHead name |>> fun e -> List.rev (Emit(e, at) :: labels)
    let other = position .>>. dialect.Other |>> fun (at, e) -> List.rev (Emit(e, at) :: labels)
    ((headed <|> other) <?> "an instruction") <|>% List.rev labels

/// <c>12:</c>, the slot index the disassembler prints with ShowSlotIndices; it says nothing the
/// order of the lines does not, so it is skipped (label names cannot begin with a digit).
let private slotIndex: P<unit> = skipMany1Satisfy isDigit >>? skipChar ':' >>. ws

let private program (dialect: Dialect) : P<Statement list> =
    many (notFollowedBy eof >>. ws >>. optional slotIndex >>. body dialect [] .>> lineEnd) |>> List.concat

let private oxfordJoin (items: string list) =
    match List.rev items with
    | [] -> ""
    | [ one ] -> one
    | last :: rest -> (List.rev rest |> String.concat ", ") + " or " + last

/// The token at a position, for "found ..." in messages.
let private found (text: string) (line: int) (column: int) =
    let lines = text.Split '\n'
    if line > lines.Length then
        "end of input"
    else
        let rest = lines[line - 1].TrimEnd('\r') |> fun l -> if column - 1 < l.Length then l.Substring(column - 1) else ""
        let token = rest |> Seq.takeWhile (fun c -> c <> ' ' && c <> '\t') |> Seq.truncate 24 |> Seq.toArray |> System.String
        if token = "" then (if line = lines.Length then "end of input" else "end of line") else ("'" + token + "'")

/// The most useful one-line description of an FParsec error and the position it belongs to.
let rec private describe (text: string) (at: Position) (messages: ErrorMessageList) : SourcePosition * string =
    let all = ErrorMessageList.ToSortedArray messages |> List.ofArray
    let placed =
        all
        |> List.tryPick (function
            | :? ErrorMessage.Other as o ->
                match o.Data with
                | :? PlacedReason as p -> Some p
                | _ -> None
            | _ -> None)
    let texts = all |> List.choose (function :? ErrorMessage.Message as m -> Some m.String | _ -> None)
    let expected =
        all
        |> List.choose (function
            | :? ErrorMessage.Expected as e -> Some e.Label
            | :? ErrorMessage.ExpectedString as e -> Some ("'" + e.String + "'")
            | :? ErrorMessage.ExpectedCaseInsensitiveString as e -> Some ("'" + e.CaseInsensitiveString + "'")
            | _ -> None)
        |> List.distinct
    let nested =
        all
        |> List.tryPick (function
            | :? ErrorMessage.NestedError as n -> Some(n.Position, n.Messages)
            | :? ErrorMessage.CompoundError as c -> Some(c.NestedErrorPosition, c.NestedErrorMessages)
            | _ -> None)
    let here = { Line = int at.Line; Column = int at.Column }
    match placed, texts, expected, nested with
    | Some p, _, _, _ -> p.At, p.Reason
    | None, _ :: _, _, _ -> here, String.concat "; " texts
    | None, [], _ :: _, _ -> here, ("expected " + (oxfordJoin expected) + ", found " + (found text here.Line here.Column))
    | None, [], [], Some(position, inner) -> describe text position inner
    | None, [], [], None -> here, "syntax error"

/// Parses and resolves a whole program in a dialect; the file name only labels errors.
let assemble (dialect: Dialect) (fileName: string | null) (text: string) : Instruction[] =
    let fail (e: AssemblyError) = raise (AssemblyException(fileName, e.Position.Line, e.Position.Column, e.Reason))
    let streamName =
        match fileName with
        | null -> "<input>"
        | name -> name
    // The parser runs on a CharStream directly rather than through runParserOnString: FParsec's
    // ParserResult overrides ToString with %A, which would pull FSharp.Core's reflection-based
    // printer (not trim- or AOT-safe) into the native ebpfcat executable.
    use stream = new CharStream<unit>(text, 0, text.Length)
    stream.Name <- streamName
    let reply = program dialect stream
    if reply.Status <> ReplyStatus.Ok then
        let at, reason = describe text stream.Position reply.Error
        fail { Position = at; Reason = reason }
    else
        let statements = reply.Result
        match Syntax.resolve (dialect.ImplicitLabels statements) statements with
        | Result.Ok instructions -> instructions
        | Result.Error e -> fail e

/// The tokens both assembler dialects share: spaces, words, numbers, registers and the
/// combinator that turns a parsed value into a positioned error when it is out of range.
module internal EbpfCat.FSharp.Lexical

open FParsec
open EbpfCat.Isa

/// A parser over the assembly text; no user state.
type P<'a> = Parser<'a, unit>

/// The current place in the text.
let position: P<SourcePosition> =
    getPosition |>> fun p -> { Line = int p.Line; Column = int p.Column }

/// A reason for an error together with the place it belongs to, which may lie before the
/// place where the parser stopped.
type PlacedReason = { At: SourcePosition; Reason: string }

/// Runs <paramref name="parser"/>; when <paramref name="check"/> rejects the value, fails
/// fatally with an error that points at the place where the parser began. (The parser does
/// not backtrack: labels given with &lt;?&gt; must not replace the reason.)
let refine (check: 'a -> Result<'b, string>) (parser: P<'a>) : P<'b> =
    fun stream ->
        let at = { Line = int stream.Line; Column = int stream.Column }
        let reply = parser stream
        if reply.Status <> ReplyStatus.Ok then
            Reply(reply.Status, reply.Error)
        else
            match check reply.Result with
            | Result.Ok value -> Reply(ReplyStatus.Ok, value, reply.Error)
            | Result.Error reason -> Reply(ReplyStatus.FatalError, otherError { At = at; Reason = reason })

/// Spaces and tabs; never a line break, because every line is a statement.
let ws: P<unit> = skipManySatisfy (fun c -> c = ' ' || c = '\t')

/// A token followed by the spaces after it.
let lexeme (parser: P<'a>) : P<'a> = parser .>> ws

/// A punctuation token such as <c>,</c> or <c>+=</c>, and the spaces after it.
let sym (text: string) : P<unit> = lexeme (skipString text)

/// Characters that may continue a word or label name.
let isWordChar c = isAsciiLetter c || isDigit c || c = '_' || c = '.'

/// A label name or mnemonic: a letter, <c>_</c> or <c>.</c>, then letters, digits, <c>_</c> and <c>.</c>.
let identifier: P<string> =
    many1Satisfy2L (fun c -> isAsciiLetter c || c = '_' || c = '.') isWordChar "an identifier"

/// Exactly the keyword <paramref name="text"/> (not a longer word that starts with it), and the spaces after it.
let word (text: string) : P<unit> =
    lexeme (skipString text >>? notFollowedBy (satisfy isWordChar)) <?> ("'" + text + "'")

/// The number of a register named <paramref name="prefix"/> followed by 0 to 10.
let registerNamed (prefix: string) (description: string) : P<Register> =
    (skipString prefix >>? many1Satisfy isDigit .>>? notFollowedBy (satisfy isWordChar))
    |> refine (fun digits ->
        match System.Int32.TryParse digits with
        | true, n when n <= 10 && (digits = "0" || digits[0] <> '0') -> Result.Ok(LanguagePrimitives.EnumOfValue<byte, Register>(byte n))
        | _ -> Result.Error (prefix + digits + " is not a register; there are " + prefix + "0 to " + prefix + "10"))
    <?> description

let private valueOf (radix: int) (digits: string) =
    digits |> Seq.fold (fun (acc: bigint) c -> acc * bigint radix + bigint (System.Convert.ToInt32(string c, 16))) 0I

/// How a dialect reads digits with a leading zero.
type NumberStyle =
    /// As llvm-mc: <c>0x</c> hex, <c>0b</c> binary, a leading <c>0</c> octal, else decimal.
    | Gnu
    /// As the bpf_conformance assembler: <c>0x</c> hex, else decimal.
    | HexOrDecimal

/// A number without a sign, in the radixes of the style.
let unsignedNumber (style: NumberStyle) : P<bigint> =
    let hex = skipStringCI "0x" >>? many1Satisfy isHex |>> valueOf 16
    let binary = skipStringCI "0b" >>? many1Satisfy (fun c -> c = '0' || c = '1') |>> valueOf 2
    let digits =
        many1Satisfy isDigit
        |> refine (fun d ->
            match style with
            | Gnu when d.Length > 1 && d[0] = '0' ->
                if d |> Seq.forall isOctal then Result.Ok(valueOf 8 d)
                else Result.Error (d + " has a leading 0, which makes it octal, but it has digits beyond 7")
            | _ -> Result.Ok(valueOf 10 d))
    let radixed =
        match style with
        | Gnu -> hex <|> binary <|> digits
        | HexOrDecimal -> hex <|> digits
    radixed .>> notFollowedBy (satisfy isWordChar) <?> "a number"

/// A number with an optional leading minus sign.
let signedNumber (style: NumberStyle) : P<bigint> =
    (opt (skipChar '-') .>>. unsignedNumber style |>> fun (minus, n) -> if minus.IsSome then -n else n)
    <?> "a number"

/// <c>+ 0x8</c> or <c>- 8</c>: a sign (required), optional spaces, then a number; the value
/// added to a register in an address.
let displacement (style: NumberStyle) : P<bigint> =
    ((skipChar '+' >>% 1I) <|> (skipChar '-' >>% -1I)) .>> ws .>>. lexeme (unsignedNumber style)
    |>> fun (sign, n) -> sign * n
    <?> "'+' or '-' and an offset"

/// Accepts what fits a 32-bit immediate, read as signed or unsigned (as llvm-mc does: 0xffffffff is -1).
let fitsImm32 (n: bigint) : Result<int, string> =
    if n >= bigint System.Int32.MinValue && n <= bigint System.UInt32.MaxValue then
        Result.Ok(int (uint32 (n &&& bigint System.UInt32.MaxValue)))
    else
        Result.Error (string n + " does not fit in a 32-bit immediate")

/// Accepts what fits a 64-bit immediate, read as signed or unsigned.
let fitsImm64 (n: bigint) : Result<int64, string> =
    if n >= bigint System.Int64.MinValue && n <= bigint System.UInt64.MaxValue then
        Result.Ok(int64 (uint64 (n &&& bigint System.UInt64.MaxValue)))
    else
        Result.Error (string n + " does not fit in a 64-bit immediate")

/// Accepts what fits the signed 16-bit offset field.
let fitsOffset16 (n: bigint) : Result<int16, string> =
    if n >= bigint System.Int16.MinValue && n <= bigint System.Int16.MaxValue then
        Result.Ok(int16 n)
    else
        Result.Error ("the offset " + string n + " is beyond the 16-bit offset range (-32768..32767)")

/// Accepts what fits a signed 32-bit jump distance (gotol, local calls).
let fitsDistance32 (n: bigint) : Result<int, string> =
    if n >= bigint System.Int32.MinValue && n <= bigint System.Int32.MaxValue then
        Result.Ok(int n)
    else
        Result.Error ("the offset " + string n + " is beyond the 32-bit offset range")

/// A jump target as written: a distance in slots, already checked against its field, or a label name.
type Target =
    | Distance of int
    | Named of string * SourcePosition

/// A jump target for <paramref name="field"/>: <c>+0x2</c>, <c>-3</c>, <c>5</c> (a distance in
/// slots from the next instruction) or a label name; an llvm-objdump annotation such as
/// <c>&lt;.text+0x238&gt;</c> after it is skipped.
let target (style: NumberStyle) (field: TargetField) : P<Target> =
    let sign = (skipChar '+' >>% 1I) <|> (skipChar '-' >>% -1I) <|>% 1I
    let relative =
        sign .>>. unsignedNumber style
        |> refine (fun (s, n) ->
            match field with
            | OffsetField -> fitsOffset16 (s * n) |> Result.map (int >> Distance)
            | ImmediateField -> fitsDistance32 (s * n) |> Result.map Distance)
    let named = position .>>. identifier |>> fun (at, name) -> Named(name, at)
    let annotation = skipChar '<' >>. skipManySatisfy (fun c -> c <> '>' && c <> '\n') >>. skipChar '>'
    lexeme (relative <|> named) .>> optional (lexeme annotation) <?> "a jump offset or a label"

/// The instruction aimed at its target: a distance is written now, a label is left for
/// <see cref="Syntax.resolve"/>.
let aim (field: TargetField) (instruction: Instruction) (target: Target) : Emitted =
    match target with
    | Distance d -> Syntax.plain (Syntax.place field d instruction)
    | Named(name, position) ->
        { Instruction = instruction; Target = Some { Name = name; Field = field; Position = position } }

/// The LLVM dialect: the syntax llvm-objdump prints for BPF and llvm-mc assembles, plus
/// labels and EbpfCat's own spellings of local calls, kfunc calls and pseudo loads.
module internal EbpfCat.FSharp.LlvmSyntax

open FParsec
open EbpfCat.Isa
open EbpfCat.FSharp.Lexical
open EbpfCat.FSharp.Operands

type private Width =
    | Bits64
    | Bits32

let private style = Gnu
let private number = lexeme (signedNumber style)
let private imm32 = number |> refine fitsImm32
let private jumpTarget = target style

// Parsers are built once, not per line: building one costs more than running it.
let private register64 = lexeme (registerNamed "r" "a register (r0..r10)")
let private register32 = lexeme (registerNamed "w" "a 32-bit register (w0..w10)")

let private register width =
    match width with
    | Bits64 -> register64
    | Bits32 -> register32

let private anyRegister: P<Width * Register> =
    (register Bits64 |>> fun r -> Bits64, r) <|> (register Bits32 |>> fun r -> Bits32, r)

let private operandOf width : P<Operand> =
    (register width |>> Reg) <|> (imm32 |>> Imm)
    <?> (if width = Bits64 then "a register or an immediate" else "a 32-bit register or an immediate")

let private operand64 = operandOf Bits64
let private operand32 = operandOf Bits32

let private operand width =
    match width with
    | Bits64 -> operand64
    | Bits32 -> operand32

/// <c>+ 0x8</c> or <c>- 0x8</c>: the signed 16-bit offset of a memory operand.
let private memoryOffset: P<int16> = displacement style |> refine fitsOffset16

/// <c>r7 + 0x0</c>, as inside the parentheses of a load or in cmpxchg and xchg.
let private address = register Bits64 .>>. memoryOffset

/// <c>(r7 + 0x0)</c>.
let private memory = sym "(" >>. address .>> sym ")"

/// <c>(u32 *)</c>: whether the type is signed, and its size.
let private pointerType: P<bool * AccessSize> =
    let name =
        choice
            [ word "u8" >>% (false, AccessSize.Byte)
              word "u16" >>% (false, AccessSize.Half)
              word "u32" >>% (false, AccessSize.Word)
              word "u64" >>% (false, AccessSize.DoubleWord)
              word "s8" >>% (true, AccessSize.Byte)
              word "s16" >>% (true, AccessSize.Half)
              word "s32" >>% (true, AccessSize.Word) ]
        <?> "a type (u8, u16, u32, u64, s8, s16 or s32)"
    sym "(" >>. name .>> sym "*" .>> sym ")"

let private unsignedPointer: P<AccessSize> =
    pointerType
    |> refine (fun (signed, size) ->
        if signed then Result.Error "only loads sign-extend; use u8, u16, u32 or u64 here" else Result.Ok size)

let private aluOperator: P<AluOperation * bool> =
    choice
        [ sym "s>>=" >>% (AluOperation.Arsh, false)
          sym "s/=" >>% (AluOperation.Div, true)
          sym "s%=" >>% (AluOperation.Mod, true)
          sym "<<=" >>% (AluOperation.Lsh, false)
          sym ">>=" >>% (AluOperation.Rsh, false)
          sym "+=" >>% (AluOperation.Add, false)
          sym "-=" >>% (AluOperation.Sub, false)
          sym "*=" >>% (AluOperation.Mul, false)
          sym "/=" >>% (AluOperation.Div, false)
          sym "%=" >>% (AluOperation.Mod, false)
          sym "|=" >>% (AluOperation.Or, false)
          sym "&=" >>% (AluOperation.And, false)
          sym "^=" >>% (AluOperation.Xor, false) ]
    <?> "an operator such as '+='"

let private sameRegister dst form (parser: P<Register>) : P<unit> =
    parser
    |> refine (fun src -> if src = dst then Result.Ok() else Result.Error (form + " works in place: the operand must be the destination register"))

let private requireBits64 width what =
    if width = Bits64 then Result.Ok() else Result.Error (what + " writes a 64-bit register: use r, not w")

// ---- The right-hand sides of "dst = ...".

let private negation width dst : P<Instruction> =
    skipChar '-' >>? sameRegister dst "negation" (register width)
    |>> fun () -> AluOperationExtensions.Negate(dst, (width = Bits32))

let private signExtendingMove width dst : P<Instruction> =
    let bits = choice [ word "s8" >>% 8; word "s16" >>% 16; word "s32" >>% 32 ] <?> "s8, s16 or s32"
    sym "(" >>. bits .>> sym ")" .>>. register width
    |>> fun (from, src) -> AluOperationExtensions.MoveSignExtend(dst, src, from, (width = Bits32))

/// <c>skb[0x3]</c>, <c>skb[r1]</c> or (beyond llvm-mc, which drops the immediate) <c>skb[r1 + 0x2]</c>.
let private packet size : P<Instruction> =
    let indirect =
        register Bits64 .>>. opt (displacement style |> refine fitsImm32)
        |>> fun (src, imm) -> Instruction.LoadIndirect(size, src, defaultArg imm 0)
    let absolute = imm32 |>> fun imm -> Instruction.LoadAbsolute(size, imm)
    skipString "skb" >>. sym "[" >>. (indirect <|> absolute) .>> sym "]"

let private load width dst : P<Instruction> =
    let typed =
        pointerType
        |> refine (fun (signed, size) ->
            if signed && width = Bits32 then Result.Error "a sign-extending load writes a 64-bit register: use r, not w"
            else Result.Ok(signed, size))
    sym "*" >>. typed
    >>= fun (signed, size) ->
        let fromMemory =
            memory
            |>> fun (src, offset) ->
                if signed then Instruction.LoadSignExtend(size, dst, src, offset) else Instruction.Load(size, dst, src, offset)
        let fromPacket =
            packet size
            |> refine (fun i ->
                if signed || width = Bits32 || dst <> Register.R0 then Result.Error "a legacy packet load loads an unsigned value into r0"
                else Result.Ok i)
        fromMemory <|> fromPacket

let private byteSwap width dst : P<Instruction> =
    let forms =
        [ for bits in [ 16; 32; 64 ] do
              word ("bswap" + string bits) >>% (fun () -> AluOperationExtensions.ByteSwap(dst, bits))
              word ("be" + string bits) >>% (fun () -> AluOperationExtensions.ToBigEndian(dst, bits))
              word ("le" + string bits) >>% (fun () -> AluOperationExtensions.ToLittleEndian(dst, bits)) ]
    (choice forms |> refine (fun make -> requireBits64 width "a byte swap" |> Result.map (fun () -> make)))
    .>> sameRegister dst "a byte swap" (register Bits64)
    |>> fun make -> make ()

let private atomicWidthMatches width size =
    match width, size with
    | Bits64, AccessSize.DoubleWord
    | Bits32, AccessSize.Word -> Result.Ok()
    | _ -> Result.Error "an atomic operation on u64 uses r registers and one on u32 uses w registers"

let private fetch width dst : P<Instruction> =
    let operation =
        choice
            [ word "atomic_fetch_add" >>% AtomicOperation.FetchAdd
              word "atomic_fetch_and" >>% AtomicOperation.FetchAnd
              word "atomic_fetch_or" >>% AtomicOperation.FetchOr
              word "atomic_fetch_xor" >>% AtomicOperation.FetchXor ]
    (operation .>> sym "(" .>>. unsignedPointer |> refine (fun (op, size) -> atomicWidthMatches width size |> Result.map (fun () -> op, size)))
    .>>. memory
    .>> sym ","
    .>> sameRegister dst "an atomic fetch" (register width)
    .>> sym ")"
    |>> fun ((op, size), (address, offset)) -> Instruction.Atomic(op, size, address, dst, offset)

let private exchangeWidth name64 name32 width : P<AccessSize> =
    ((word name64 >>% Bits64) <|> (word name32 >>% Bits32))
    |> refine (fun w ->
        if w <> width then Result.Error (name64 + " uses r registers and " + name32 + " uses w registers")
        else Result.Ok(if w = Bits64 then AccessSize.DoubleWord else AccessSize.Word))

let private compareExchange width dst : P<Instruction> =
    let r0 = register width |> refine (fun r -> if r = Register.R0 then Result.Ok() else Result.Error "cmpxchg compares with r0 and returns the old value in r0")
    (exchangeWidth "cmpxchg_64" "cmpxchg32_32" width |> refine (fun size -> if dst = Register.R0 then Result.Ok size else Result.Error "cmpxchg returns the old value in r0"))
    .>> sym "("
    .>>. address
    .>> sym ","
    .>> r0
    .>> sym ","
    .>>. register width
    .>> sym ")"
    |>> fun ((size, (address, offset)), src) -> Instruction.Atomic(AtomicOperation.CompareExchange, size, address, src, offset)

let private exchange width dst : P<Instruction> =
    exchangeWidth "xchg_64" "xchg32_32" width .>> sym "(" .>>. address .>> sym "," .>> sameRegister dst "xchg" (register width) .>> sym ")"
    |>> fun (size, (address, offset)) -> Instruction.Atomic(AtomicOperation.Exchange, size, address, dst, offset)

/// EbpfCat's spellings of the 64-bit immediate loads with a pseudo source.
let private pseudoLoad width dst : P<Emitted> =
    let argument = sym "(" >>. imm32 .>> sym ")"
    let simple name source = word name >>. argument |>> fun v -> Syntax.plain (Instruction.LoadPseudo(dst, source, v))
    let withOffset name source =
        word name >>. argument .>>. (displacement style |> refine fitsImm32)
        |>> fun (v, offset) -> Syntax.plain (Instruction.LoadPseudo(dst, source, v, offset))
    // The second number, when present, is the fd-array index of the module BTF that holds the id.
    let btfId =
        word "btf_id" >>. sym "(" >>. imm32 .>>. opt (sym "," >>. imm32) .>> sym ")"
        |>> fun (id, moduleBtf) -> Syntax.plain (Instruction.LoadPseudo(dst, PseudoSource.BtfId, id, defaultArg moduleBtf 0))
    let func =
        word "func" >>. sym "(" >>. jumpTarget ImmediateField .>> sym ")"
        |>> aim ImmediateField (Instruction.LoadPseudo(dst, PseudoSource.Function, 0))
    let forms =
        choice
            [ simple "map_fd" PseudoSource.MapFd
              withOffset "map_value" PseudoSource.MapValue
              btfId
              func
              simple "map_idx" PseudoSource.MapIndex
              withOffset "map_idx_value" PseudoSource.MapIndexValue ]
    (forms |> refine (fun e -> requireBits64 width "a 64-bit immediate load" |> Result.map (fun () -> e))) .>> word "ll"

let private immediate width dst : P<Instruction> =
    number .>>. opt (word "ll")
    |> refine (fun (n, wide) ->
        match wide with
        | Some() -> requireBits64 width "a 64-bit immediate load" |> Result.bind (fun () -> fitsImm64 n) |> Result.map (fun v -> Instruction.LoadImm64(dst, v))
        | None ->
            fitsImm32 n
            |> Result.map (fun v -> if width = Bits64 then AluOperation.Mov.Imm(dst, v) else AluOperation.Mov.Imm32(dst, v)))

let private move width dst : P<Instruction> =
    register width |>> fun src -> if width = Bits64 then AluOperation.Mov.Reg(dst, src) else AluOperation.Mov.Reg32(dst, src)

let private assignedValue width dst : P<Emitted> =
    let plain (p: P<Instruction>) = p |>> Syntax.plain
    choice
        [ plain (negation width dst)
          plain (signExtendingMove width dst)
          plain (load width dst)
          plain (byteSwap width dst)
          plain (fetch width dst)
          plain (compareExchange width dst)
          plain (exchange width dst)
          pseudoLoad width dst
          plain (move width dst)
          plain (immediate width dst) ]
    <?> "a register, an immediate, a load or an operation"

let private assignment (width, dst) : P<Emitted> =
    (sym "=" >>. assignedValue width dst)
    <|> (aluOperator .>>. operand width
         |>> fun ((op, signed), right) -> Syntax.plain (arithmetic (width = Bits32) op signed dst right))

/// The assignment parser of each destination register, built on first use and then shared: a program
/// has many lines per register. (Lazy values are thread-safe, and parsers hold no state.)
let private assignments =
    [| for width in [ Bits64; Bits32 ] do
           for r in 0uy .. 10uy -> lazy (assignment (width, LanguagePrimitives.EnumOfValue<byte, Register> r)) |]

let private assignmentTo (width, dst: Register) =
    assignments[(if width = Bits64 then 0 else 11) + int dst].Force()

// ---- Instructions that begin with a keyword.

let private comparisonOperator: P<JumpOperation> =
    choice
        [ sym "s>=" >>% JumpOperation.JSGE
          sym "s<=" >>% JumpOperation.JSLE
          sym "s>" >>% JumpOperation.JSGT
          sym "s<" >>% JumpOperation.JSLT
          sym ">=" >>% JumpOperation.JGE
          sym "<=" >>% JumpOperation.JLE
          sym "==" >>% JumpOperation.JEQ
          sym "!=" >>% JumpOperation.JNE
          sym ">" >>% JumpOperation.JGT
          sym "<" >>% JumpOperation.JLT
          sym "&" >>% JumpOperation.JSET ]
    <?> "a comparison (==, !=, >, >=, <, <=, s>, s>=, s<, s<= or &)"

let private conditional: P<Emitted> =
    anyRegister
    >>= fun (width, dst) ->
        comparisonOperator .>>. operand width .>> word "goto" .>>. jumpTarget OffsetField
        |>> fun ((op, right), target) -> aim OffsetField (comparison (width = Bits32) op dst right) target

let private lockOperator: P<AtomicOperation> =
    choice
        [ sym "+=" >>% AtomicOperation.Add
          sym "|=" >>% AtomicOperation.Or
          sym "&=" >>% AtomicOperation.And
          sym "^=" >>% AtomicOperation.Xor ]
    <?> "an atomic operator (+=, |=, &= or ^=)"

let private locked: P<Emitted> =
    sym "*" >>. unsignedPointer .>>. memory .>>. lockOperator
    >>= fun ((size, (address, offset)), op) ->
        // llvm-objdump prints r for the 32-bit form unless told the CPU has ALU32, llvm-mc reads both.
        anyRegister
        |> refine (fun (width, src) ->
            if width = Bits32 && size = AccessSize.DoubleWord then Result.Error "an atomic operation on u64 takes an r register"
            else Result.Ok(Syntax.plain (Instruction.Atomic(op, size, address, src, offset))))

let private call: P<Emitted> =
    let local = word "local" >>. jumpTarget ImmediateField |>> aim ImmediateField (Instruction.CallLocal 0)
    let kfunc =
        word "kfunc" >>. imm32 .>>. opt (sym "," >>. (number |> refine fitsOffset16))
        |>> fun (id, moduleBtf) -> Syntax.plain (Instruction.CallKernelFunction(id, defaultArg moduleBtf 0s))
    local <|> kfunc <|> (imm32 |>> fun helper -> Syntax.plain (Instruction.Call helper))

let private pseudo: P<Emitted> =
    register Bits64 .>> sym "," .>>. (number |> refine (fun n -> if n >= 0I && n <= 15I then Result.Ok(byte n) else Result.Error "the pseudo source is a number from 0 to 15"))
    .>> sym ","
    .>>. imm32
    |>> fun ((dst, source), imm) -> Syntax.plain (Instruction.LoadPseudo(dst, LanguagePrimitives.EnumOfValue<byte, PseudoSource> source, imm))

/// <c>r1</c> or <c>w1</c> read from a word, with its width.
let private registerWord (name: string) =
    let number = name.Substring 1
    match name[0], System.Int32.TryParse number with
    | ('r' | 'w') as prefix, (true, n) when n <= 10 && (number = "0" || number[0] <> '0') ->
        Some((if prefix = 'r' then Bits64 else Bits32), LanguagePrimitives.EnumOfValue<byte, Register>(byte n))
    | _ -> None

let private keywords =
    Map
        [ "exit", preturn (Syntax.plain (Instruction.Exit()))
          "call", call
          "callx", (register Bits64 |>> fun r -> Syntax.plain (Instruction.CallRegister r))
          "goto", (jumpTarget OffsetField |>> aim OffsetField (Instruction.Goto 0s))
          "gotol", (jumpTarget ImmediateField |>> aim ImmediateField (Instruction.GotoLong 0))
          "if", conditional
          "lock", locked
          "ld_pseudo", pseudo ]

let private checkHead (name: string) =
    if keywords.ContainsKey name || (registerWord name).IsSome then None
    elif name.Length > 1 && (name[0] = 'r' || name[0] = 'w') && Seq.forall isDigit (name.Substring 1) then
        Some (name + " is not a register; there are " + string (name[0]) + "0 to " + string (name[0]) + "10")
    else
        Some ("unknown instruction '" + name + "'")

let private afterHead (name: string) : P<Emitted> =
    match keywords.TryFind name, registerWord name with
    | Some parser, _ -> parser
    | None, Some dst -> assignmentTo dst
    | None, None -> fail ("unknown instruction '" + name + "'")

/// <c>*(u64 *)(r10 - 0x8) = r1</c> and <c>*(u32 *)(r10 - 0x8) = 0x5</c>.
let private store: P<Emitted> =
    sym "*" >>. unsignedPointer .>>. memory .>> sym "="
    >>= fun (size, (dst, offset)) ->
        let fromRegister =
            anyRegister
            |> refine (fun (width, src) ->
                if width = Bits32 && size = AccessSize.DoubleWord then Result.Error "a store of u64 takes an r register"
                else Result.Ok(Instruction.Store(size, dst, offset, src)))
        let fromImmediate = imm32 |>> fun v -> Instruction.Store(size, dst, offset, v)
        (fromRegister <|> fromImmediate <?> "a register or an immediate") |>> Syntax.plain

/// The LLVM dialect for the shared line structure.
let dialect: Lines.Dialect =
    { CheckHead = checkHead
      AfterHead = afterHead
      Other = store
      ImplicitLabels = fun _ -> Map.empty }

namespace EbpfCat.FSharp

open EbpfCat.Isa

/// A place in the assembly text; line and column both count from 1.
type internal SourcePosition = { Line: int; Column: int }

/// Which field of an instruction receives a label's distance.
type internal TargetField =
    /// The signed 16-bit offset of goto and the conditional jumps.
    | OffsetField
    /// The 32-bit immediate of gotol, of a bpf-to-bpf call and of the func pseudo load.
    | ImmediateField

/// A use of a label as the target of a jump, call or func load.
type internal LabelReference = { Name: string; Field: TargetField; Position: SourcePosition }

/// One parsed instruction, with the label its target field still waits for, if any.
type internal Emitted = { Instruction: Instruction; Target: LabelReference option }

/// One element of a program as parsed: a label definition or an instruction.
type internal Statement =
    | LabelDefinition of name: string * position: SourcePosition
    | Emit of emitted: Emitted * position: SourcePosition

/// An error at a place in the text, before the file name is attached.
type internal AssemblyError = { Position: SourcePosition; Reason: string }

/// Label resolution and validation, shared by both dialects.
module internal Syntax =
    /// An instruction whose label is already known or never needed.
    let plain instruction = { Instruction = instruction; Target = None }

    /// The instruction with a distance in slots written to the given field.
    let place field (distance: int) (i: Instruction) =
        match field with
        | OffsetField -> Instruction(i.Opcode, i.Destination, i.Source, int16 distance, i.Immediate)
        | ImmediateField when i.IsWide ->
            // lddw keeps its upper half (the func pseudo load uses only the lower one).
            Instruction(i.Opcode, i.Destination, i.Source, i.Offset, (i.Immediate &&& 0xFFFFFFFF00000000L) ||| int64 (uint32 distance))
        | ImmediateField -> Instruction(i.Opcode, i.Destination, i.Source, i.Offset, int64 distance)

    /// The slot at which each statement starts: labels point at the slot of the next instruction.
    let slots (statements: Statement list) =
        statements
        |> List.mapFold
            (fun slot statement ->
                match statement with
                | LabelDefinition _ -> slot, slot
                | Emit(e, _) -> slot, slot + e.Instruction.Slots)
            0
        |> fst

    /// The slot of the first instruction that satisfies the predicate.
    let firstSlotWhere (predicate: Instruction -> bool) (statements: Statement list) =
        List.zip statements (slots statements)
        |> List.tryPick (fun (statement, slot) ->
            match statement with
            | Emit(e, _) when predicate e.Instruction -> Some slot
            | _ -> None)

    let private definitions (statements: Statement list) =
        let folder defined (statement, slot) =
            match defined, statement with
            | Error _, _ -> defined
            | Ok(map: Map<string, int * SourcePosition>), LabelDefinition(name, position) ->
                match map.TryFind name with
                | Some(_, first) -> Error { Position = position; Reason = ("label '" + name + "' is already defined at line " + string first.Line) }
                | None -> Ok(map.Add(name, (slot, position)))
            | _ -> defined
        List.zip statements (slots statements) |> List.fold folder (Ok Map.empty)

    let private resolveOne (labelSlot: string -> int option) slot (e: Emitted) =
        match e.Target with
        | None -> Ok e.Instruction
        | Some reference ->
            match labelSlot reference.Name with
            | None -> Error { Position = reference.Position; Reason = ("unknown label '" + reference.Name + "'") }
            | Some target ->
                // Distances count from the slot after the instruction, as the kernel's pc + off + 1.
                let distance = target - slot - 1
                if reference.Field = OffsetField && (distance < int System.Int16.MinValue || distance > int System.Int16.MaxValue) then
                    Error
                        { Position = reference.Position
                          Reason = ("label '" + reference.Name + "' is " + string distance + " slots away, beyond the 16-bit jump offset range (-32768..32767)") }
                else
                    Ok(place reference.Field distance e.Instruction)

    /// Resolves every label and validates every instruction; <paramref name="implicitLabels"/>
    /// name slots that a dialect defines without a label definition (explicit ones win).
    let resolve (implicitLabels: Map<string, int>) (statements: Statement list) : Result<Instruction[], AssemblyError> =
        match definitions statements with
        | Error e -> Error e
        | Ok defined ->
            let labelSlot name =
                match defined.TryFind name with
                | Some(slot, _) -> Some slot
                | None -> implicitLabels.TryFind name
            let rec loop (acc: Instruction list) items =
                match items with
                | [] -> Ok(List.rev acc |> Array.ofList)
                | (LabelDefinition _, _) :: rest -> loop acc rest
                | (Emit(e, position), slot) :: rest ->
                    match resolveOne labelSlot slot e with
                    | Error err -> Error err
                    | Ok instruction ->
                        match instruction.Validate() with
                        | null -> loop (instruction :: acc) rest
                        | reason -> Error { Position = position; Reason = ("invalid instruction: " + reason) }
            loop [] (List.zip statements (slots statements))

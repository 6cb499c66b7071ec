namespace EbpfCat.FSharp

/// Placeholder replaced by the FParsec assembler.
module Assembler =
    let internal placeholder = ()

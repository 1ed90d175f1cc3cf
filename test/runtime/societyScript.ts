/** The seed's BRICK→ROBIN workflow as Playground source: handlers stored in the image as source. */
export const societySource = `
BRICK on: #UserQuestion do: [:event |
    BRICK publish: #LogicalAnalysisComplete with: {event at: #payload. BRICK chat: (event at: #payload)}].
ROBIN on: #LogicalAnalysisComplete do: [:event | | question analysis synthesis |
    question := (event at: #payload) first.
    analysis := (event at: #payload) last.
    synthesis := ROBIN chat: 'BRICK analysed: ', analysis, ' Synthesize kindly.'.
    ROBIN recordDialogue: {'user' -> question. 'BRICK' -> analysis. 'ROBIN' -> synthesis}]`;

package monitoring

import (
	"fmt"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Error codes of the FieldErrors that ReadGenesis returns; stable for clients.
const (
	GenesisCodeFormat   = "genesis_format"   // not a GENESIS table: line 1, title, no data
	GenesisCodeHeader   = "genesis_header"   // header rows do not describe the value columns
	GenesisCodeColumns  = "genesis_columns"  // a row with a missing or an extra column
	GenesisCodeRegion   = "genesis_region"   // not a region key
	GenesisCodePeriod   = "genesis_period"   // no or an unreadable time
	GenesisCodeValue    = "genesis_value"    // neither a number nor an official symbol
	GenesisCodeEncoding = "genesis_encoding" // bytes that fit neither the detected encoding
)

// fail returns the EINVALID error for line n and column col (1-based; 0: whole line):
// what is wrong is the message id with its arguments.
func (g *genesisReader) fail(n, col int, code, id string, args ...any) error {
	return genesisFail(g.file, n, col, code, id, args...)
}

// genesisFail builds a reader error. Its one field error is named "file:line:col"
// ("file:line" for a whole line) and says what is wrong; the error's own message
// ("monitoring.genesis.at") puts the file and line before it, so that a summary
// without the field still says where.
func genesisFail(file string, n, col int, code, id string, args ...any) error {
	field := fmt.Sprintf("%s:%d", file, n)
	if col > 0 {
		field += ":" + strconv.Itoa(col)
	}
	problem := teilhabe.M(id, args...)
	e := teilhabe.E(teilhabe.EINVALID, "monitoring.genesis.at", "File", file, "Line", n, "Problem", problem)
	e.Fields = []teilhabe.FieldError{{Field: field, Code: code, ID: id, Args: problem.Args}}
	return e
}

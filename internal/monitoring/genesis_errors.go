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

// genesisDataHint says what a data row is, for tables where none was found.
const genesisDataHint = " (eine Datenzeile beginnt mit einem Regionalschlüssel wie DG, 05 oder 05315, davor ggf. Jahr oder Stichtag)"

// fail returns the EINVALID error for line n and column col (1-based; 0: whole line).
func (g *genesisReader) fail(n, col int, code, format string, args ...any) error {
	return genesisFail(g.file, n, col, code, format, args...)
}

func genesisFail(file string, n, col int, code, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	loc := fmt.Sprintf("%s:%d", file, n)
	field := loc
	if col > 0 {
		field += ":" + strconv.Itoa(col)
	}
	return &teilhabe.Error{Code: teilhabe.EINVALID, Message: loc + ": " + msg, Fields: []teilhabe.FieldError{{Field: field, Code: code, Message: msg}}}
}

package monitoring

import "github.com/teilhabe/teilhabe/internal/teilhabe"

// The errors of an import that only the database sees: a unique constraint fails.
// The store answers with these, so that what the user reads is said here.

// ErrTwoColumns says that a table has two value columns whose labels, joined, and unit
// are the same.
func ErrTwoColumns(file, series, unit string) error {
	return invalid("series", "monitoring.error.two_columns", "File", file, "Series", series, "Unit", unit)
}

// ErrValueTwice says that a table gives one cell (series, region, period and
// breakdown) twice; line is where the batch with the second ended, 0 if unknown.
func ErrValueTwice(file string, line int) error {
	return invalid("observation", "monitoring.error.value_twice", "File", file, "Line", line)
}

// ErrOpenFile says that a file to import could not be opened; reason is the
// system's own words.
func ErrOpenFile(file string, reason error) error {
	return teilhabe.E(teilhabe.EINVALID, "monitoring.error.open_file", "File", file, "Reason", reason.Error())
}

// errNoIndicator answers a code that names no indicator.
func errNoIndicator(code string) error {
	return teilhabe.E(teilhabe.ENOTFOUND, "monitoring.error.no_indicator", "Code", code)
}

// invalid is an EINVALID error about one field whose message is also the summary.
func invalid(field, id string, args ...any) *teilhabe.Error {
	e := teilhabe.E(teilhabe.EINVALID, id, args...)
	e.Fields = []teilhabe.FieldError{teilhabe.FieldMsg(field, "invalid", id, args...)}
	return e
}

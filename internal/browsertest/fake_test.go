package browsertest

import (
	"fmt"
	"testing"
)

// recordingTB records Error, Errorf, Fatal and Fatalf instead of failing the
// test, so a test can assert what the harness reports. Fatal panics with
// fatalSentinel; run the call in catchFatal.
type recordingTB struct {
	testing.TB
	errors []string
	fatal  string
}

type fatalSentinel struct{}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Error(args ...any) { r.errors = append(r.errors, fmt.Sprint(args...)) }

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Fatal(args ...any) {
	r.fatal = fmt.Sprint(args...)
	panic(fatalSentinel{})
}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	panic(fatalSentinel{})
}

// catchFatal runs f and reports whether it called Fatal on a recordingTB.
func catchFatal(f func()) (fatal bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fatalSentinel); !ok {
				panic(r)
			}
			fatal = true
		}
	}()
	f()
	return false
}

// Command gengenesis writes a synthetic GENESIS table CSV of kreise × years × columns
// values for import benchmarks, and with -long the same observations as a plain
// long-format CSV for a baseline load:
//
//	go run ./bench/gengenesis -kreise 400 -years 25 -columns 100 -out g.csv -long long.csv
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/teilhabe/teilhabe/bench/gengenesis/gen"
)

func main() {
	kreise := flag.Int("kreise", 400, "number of Kreise (at most 401)")
	years := flag.Int("years", 25, "number of years, ending in 2023")
	columns := flag.Int("columns", 100, "number of value columns")
	out := flag.String("out", "", "GENESIS CSV to write (required)")
	long := flag.String("long", "", "also write the observations as long-format CSV here")
	gv := flag.String("gv", "data/regions/gemeindeverzeichnis-2019-12-31.csv", "Gemeindeverzeichnis for the Kreis keys and names")
	flag.Parse()
	if *out == "" || *kreise < 1 || *years < 1 || *years > 200 || *columns < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*gv, *out, *long, *kreise, *years, *columns); err != nil {
		fmt.Fprintln(os.Stderr, "gengenesis:", err)
		os.Exit(1)
	}
}

func run(gv, out, long string, kreise, years, columns int) error {
	ks, err := gen.LoadKreise(gv, kreise)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	var lw io.Writer
	if long != "" {
		l, err := os.Create(long)
		if err != nil {
			return err
		}
		defer l.Close()
		lw = l
	}
	st, err := gen.Write(f, lw, ks, years, columns)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: %d observations (%d numbers, %d symbols)\n", out, st.Observations, st.Values, st.Symbols)
	if lw != nil {
		if err := lw.(*os.File).Close(); err != nil {
			return err
		}
	}
	return f.Close()
}

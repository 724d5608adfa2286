// Command teilhabe is the whole Teilhabe platform in one binary: the web server and
// the administration commands. Run "teilhabe help" for the list.
package main

import (
	"os"

	"github.com/teilhabe/teilhabe/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }

package data

import (
	"io/fs"
	"slices"
	"testing"
)

// Every embedded table is listed for the demo, and every listed one is embedded.
func TestGenesisTablesAreAllEmbedded(t *testing.T) {
	embedded, err := fs.Glob(files, "genesis/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range embedded {
		embedded[i] = name[len("genesis/"):]
	}
	listed := slices.Sorted(slices.Values(GenesisTables))
	if !slices.Equal(embedded, listed) {
		t.Errorf("embedded %v, listed %v", embedded, listed)
	}
	for _, name := range GenesisTables {
		f, err := GenesisTable(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}

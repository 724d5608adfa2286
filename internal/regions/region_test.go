package regions

import (
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestSearchNameAndFoldName(t *testing.T) {
	tests := []struct{ in, search, fold string }{
		{"Frankfurt am Main, Stadt", "frankfurt am main stadt", "frankfurt am main stadt"},
		{"Lübeck, Hansestadt", "luebeck hansestadt", "lubeck hansestadt"},
		{"Gießen, Universitätsstadt", "giessen universitaetsstadt", "giessen universitatsstadt"},
		{"ÖHRINGEN", "oehringen", "ohringen"},
		{"Sachsenwald (Forstgutsbez.),gemfr.Geb.", "sachsenwald forstgutsbez gemfr geb", "sachsenwald forstgutsbez gemfr geb"},
		{"Fürstl. Löwenstein'scher Park", "fuerstl loewensteinscher park", "furstl lowensteinscher park"},
		{"Lübben (Spreewald) / Lubin (Błota), Stadt", "luebben spreewald lubin blota stadt", "lubben spreewald lubin blota stadt"},
		{"Bautzen / Budyšin", "bautzen budysin", "bautzen budysin"},
		{"Byhleguhre-Byhlen/Beła Góra-Bělin", "byhleguhre byhlen bela gora belin", "byhleguhre byhlen bela gora belin"},
		{"früher: Reg.-Bez. Koblenz", "frueher reg bez koblenz", "fruher reg bez koblenz"},
		{"Lu\u0308beck", "luebeck", "lubeck"}, // decomposed ü
		{"  Halle (Saale)  ", "halle saale", "halle saale"},
		{"", "", ""},
		{"-/.", "", ""},
	}
	for _, tt := range tests {
		if got := SearchName(tt.in); got != tt.search {
			t.Errorf("SearchName(%q) = %q, want %q", tt.in, got, tt.search)
		}
		if got := SearchQuery(tt.in); got != tt.search {
			t.Errorf("SearchQuery(%q) = %q, want %q", tt.in, got, tt.search)
		}
		if got := FoldName(tt.in); got != tt.fold {
			t.Errorf("FoldName(%q) = %q, want %q", tt.in, got, tt.fold)
		}
	}
}

// TestSearchFindsLuebeck checks the matching rule documented in search.go: the
// query form is a prefix of one of the two stored forms.
func TestSearchFindsLuebeck(t *testing.T) {
	name := "Lübeck, Hansestadt"
	search, fold := SearchName(name), FoldName(name)
	for _, q := range []string{"Lübeck", "lübeck, hanse", "Luebeck", "LUBECK", "Lub", "Lü"} {
		nq := SearchQuery(q)
		if !hasPrefix(search, nq) && !hasPrefix(fold, nq) {
			t.Errorf("query %q (%q) does not find %q (%q / %q)", q, nq, name, search, fold)
		}
	}
	if nq := SearchQuery("Lobeck"); hasPrefix(search, nq) || hasPrefix(fold, nq) {
		t.Errorf("Lobeck finds Lübeck")
	}
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func TestNormalizeKey(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"DG", "DG", true}, {" dg ", "DG", true},
		{"08", "08", true}, {"081", "081", true}, {"08111", "08111", true}, {" 08111000\t", "08111000", true},
		{"081110000", "081110000", true}, {"081110000000", "081110000000", true},
		{"8111", "", false}, {"8", "", false}, {"", "", false}, {"0811100", "", false},
		{"0811a", "", false}, {"08 111", "", false}, {"+8111", "", false}, {"0811100000000", "", false},
		{"０８", "", false}, // full-width digits are not digits here
	}
	for _, tt := range tests {
		got, ok := NormalizeKey(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeKey(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLevels(t *testing.T) {
	for i, s := range []string{"bund", "land", "regierungsbezirk", "kreis", "gemeindeverband", "gemeinde"} {
		l, err := ParseLevel(s)
		if err != nil || string(l) != s || l.Rank() != i {
			t.Errorf("ParseLevel(%q) = %q, %v; rank %d, want %d", s, l, err, l.Rank(), i)
		}
	}
	for _, s := range []string{"", "Kreis", "gemeinden", "region"} {
		if _, err := ParseLevel(s); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			t.Errorf("ParseLevel(%q): want EINVALID, got %v", s, err)
		}
	}
	if r := Level("region").Rank(); r != -1 {
		t.Errorf("rank of an unknown level %d", r)
	}
	// The reader is told which value is wrong and what would do, in their language.
	_, err := ParseLevel("stadt")
	de, en := localizers(t)
	for l, want := range map[*i18n.Localizer][2]string{
		de: {"Unbekannte Gebietsebene.", "„stadt“ ist keine Gebietsebene (erwartet: bund, land, regierungsbezirk, kreis, gemeindeverband oder gemeinde)."},
		en: {"Unknown region level.", "“stadt” is not a region level (expected: bund, land, regierungsbezirk, kreis, gemeindeverband or gemeinde)."},
	} {
		msg, fields := l.Error(err)
		if msg != want[0] || len(fields) != 1 || fields[0].Field != "level" || fields[0].Message != want[1] {
			t.Errorf("%s: %q %+v", l.Lang, msg, fields)
		}
	}
}

func TestLabel(t *testing.T) {
	for r, want := range map[Region]string{
		{Name: "Ludwigsburg", Kind: "Landkreis"}:                        "Landkreis Ludwigsburg",
		{Name: "Ludwigsburg, Stadt", Kind: "Große Kreisstadt"}:          "Ludwigsburg, Stadt",
		{Name: "Stuttgart", Kind: "Regierungsbezirk"}:                   "Regierungsbezirk Stuttgart",
		{Name: "Baden-Württemberg", Kind: "Land"}:                       "Baden-Württemberg",
		{Name: "Stuttgart, Landeshauptstadt", Kind: "Kreisfreie Stadt"}: "Stuttgart, Landeshauptstadt",
	} {
		if got := r.Label(); got != want {
			t.Errorf("%+v: %q, want %q", r, got, want)
		}
	}
}

func TestDateFromFileName(t *testing.T) {
	tests := []struct {
		name string
		want string // "" for none
	}{
		{"gemeindeverzeichnis-2019-12-31.csv", "2019-12-31"},
		{"/data/2018-01-01/gemeindeverzeichnis-2019-12-31.csv", "2019-12-31"},
		{"GV_2020-06-30_v2.csv", "2020-06-30"},
		{"gemeindeverzeichnis-2019-02-30.csv", ""}, // no such day
		{"gemeindeverzeichnis-12019-12-31.csv", ""},
		{"gemeindeverzeichnis-2019-12-310.csv", ""},
		{"gemeindeverzeichnis-31.12.2019.csv", ""},
		{"gemeindeverzeichnis.csv", ""},
	}
	for _, tt := range tests {
		got, ok := DateFromFileName(tt.name)
		if tt.want == "" {
			if ok {
				t.Errorf("DateFromFileName(%q) = %v, want none", tt.name, got)
			}
			continue
		}
		if !ok || got.Format(time.DateOnly) != tt.want || got.Location() != time.UTC {
			t.Errorf("DateFromFileName(%q) = %v, %v; want %s", tt.name, got, ok, tt.want)
		}
	}
}

package regions

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

const realFile = "../../data/regions/gemeindeverzeichnis-2019-12-31.csv"

var gebietsstand = time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)

// sample is a cut from the real file: a Land with Regierungsbezirk and a Region
// (Baden-Württemberg), and one without (Schleswig-Holstein). Line numbers in the
// tests below are its physical lines; the header is line 1.
var sample = []string{
	"\ufeffsatzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,maennlich,weiblich,jekm2,postleitzahl,laengengrad,breitengrad,schluessel,bezeichnung,verstaedterungschluessel,verstaedterungbezeichnung",
	"10,,08,,,,,Baden-Württemberg,,,,,,,,,,,,",                      // 2
	"20,,08,1,,,,Reg.-Bez. Stuttgart,,,,,,,,,,,,",                   // 3
	"30,,08,1,1,,,Region Stuttgart,,,,,,,,,,,,",                     // 4
	`40,42,08,1,11,,,"Stuttgart, Landeshauptstadt",,,,,,,,,,,,`,     // 5
	`50,50,08,1,11,0000,,"Stuttgart, Landeshauptstadt",,,,,,,,,,,,`, // 6
	`60,62,08,1,11,0000,000,"Stuttgart, Landeshauptstadt", 207.33, 635 911, 317 794, 318 117, 3 067,70173,"9,17702","48,778447",T09,Stuttgart,01,dicht besiedelt`, // 7
	"10,,01,,,,,Schleswig-Holstein,,,,,,,,,,,,",              // 8
	"40,43,01,0,51,,,Dithmarschen,,,,,,,,,,,,",               // 9
	"50,51,01,0,51,5163,,Burg-St. Michaelisdonn,,,,,,,,,,,,", // 10
	`60,64,01,0,51,5163,003,Averlak, 9.06,  554,  288,  266,  61,25715,"9,182663","53,941154",F04,Übrig. Schleswig-Holstein,03,gering besiedelt`, // 11
	`60,64,01,0,51,5163,010,Brickeln, 6.07,  212,  114,  98,  35,25712,"9,221166","54,00849",F04,Übrig. Schleswig-Holstein,03,gering besiedelt`,  // 12
}

// edited returns the sample with some lines replaced (line number → new text) and
// more appended.
func edited(replace map[int]string, appendLines ...string) string {
	lines := append([]string(nil), sample...)
	for n, s := range replace {
		lines[n-1] = s
	}
	return strings.Join(append(lines, appendLines...), "\n") + "\n"
}

func TestParseGemeindeverzeichnisSample(t *testing.T) {
	got, err := ParseGemeindeverzeichnis(strings.NewReader(edited(nil)), "t.csv", gebietsstand)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range got {
		keys = append(keys, r.Key+">"+r.ParentKey)
	}
	want := "DG> 01>DG 08>DG 081>08 01051>01 08111>081 010515163>01051 081110000>08111 01051003>010515163 01051010>010515163 08111000>081110000"
	if s := strings.Join(keys, " "); s != want {
		t.Errorf("keys>parents\n got %s\nwant %s", s, want)
	}
	sh := got[1]
	if sh.Population != 766 || sh.PopulationMale != 402 || sh.PopulationFemale != 364 || sh.AreaKm2 != 15.13 || sh.Kind != "Land" {
		t.Errorf("Schleswig-Holstein sums: %+v", sh)
	}
	if de := got[0]; de.Population != 635911+766 || de.AreaKm2 != 222.46 || de.Name != "Deutschland" || de.ARS != ARSBund {
		t.Errorf("Bund: %+v", de)
	}
	if g := got[8]; g.ARS != "010515163003" || g.Kind != "Kreisangehörige Gemeinde" || g.Postcode != "25715" || !g.ValidFrom.Equal(gebietsstand) || !g.PopulationDate.Equal(gebietsstand) {
		t.Errorf("Averlak: %+v", g)
	}
	if gv := got[6]; gv.Kind != "Amt" || gv.ARS != gv.Key || gv.Postcode != "" {
		t.Errorf("Amt: %+v", gv)
	}
}

func TestParseGemeindeverzeichnisWithoutKreis(t *testing.T) {
	input := edited(nil,
		"50,50,01,0,00,9999,,Küstengewässer einschl. Anteil am Festlandsockel,,,,,,,,,,,,",
		"60,66,01,0,00,9999,999,Küstengewässer einschl. Anteil am Festlandsockel, 1.00,  0,  0,  0,  0,,,,,,03,gering besiedelt")
	got, err := ParseGemeindeverzeichnis(strings.NewReader(input), "t.csv", gebietsstand)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]Region{}
	for _, r := range got {
		byKey[r.Key] = r
	}
	if gv := byKey["010009999"]; gv.ParentKey != "01" || gv.Level != LevelGemeindeverband {
		t.Errorf("Gemeindeverband without Kreis: %+v", gv)
	}
	if sh := byKey["01"]; sh.AreaKm2 != 16.13 {
		t.Errorf("area of the Land %v, want 16.13", sh.AreaKm2)
	}
	// Kreis 00 is only "no Kreis" for Kreis 00: a missing Kreis 52 stays an error.
	_, err = ParseGemeindeverzeichnis(strings.NewReader(strings.ReplaceAll(input, ",0,00,", ",0,52,")), "t.csv", gebietsstand)
	if e := teilhabe.AsError(err); e == nil || e.Fields[0].Field != "t.csv:13:kreis" {
		t.Errorf("want error at t.csv:13:kreis, got %v", err)
	}
}

func TestParseGemeindeverzeichnisColumnsByName(t *testing.T) {
	// Same data without BOM and with two columns swapped.
	var b strings.Builder
	for _, l := range sample {
		l = strings.TrimPrefix(l, "\ufeff")
		f := strings.SplitN(l, ",", 3)
		b.WriteString(f[1] + "," + f[0] + "," + f[2] + "\r\n")
	}
	got, err := ParseGemeindeverzeichnis(strings.NewReader(b.String()), "t.csv", gebietsstand)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 11 || got[10].Key != "08111000" || got[10].Kind != "Stadtkreis" {
		t.Errorf("got %d regions, last %+v", len(got), got[len(got)-1])
	}
}

// errReader fails after its data, like a broken upload.
type errReader struct{ data *strings.Reader }

func (r errReader) Read(b []byte) (int, error) {
	if r.data.Len() == 0 {
		return 0, fmt.Errorf("connection reset")
	}
	return r.data.Read(b)
}

func TestParseGemeindeverzeichnisReadErrorIsInternal(t *testing.T) {
	_, err := ParseGemeindeverzeichnis(errReader{strings.NewReader(edited(nil))}, "t.csv", gebietsstand)
	if err == nil || teilhabe.ErrorCode(err) != teilhabe.EINTERNAL {
		t.Fatalf("want an internal error, got %v", err)
	}
}

func readRealFile(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(realFile)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestParseGemeindeverzeichnisDamagedRealFile(t *testing.T) {
	lines := bytes.Split(readRealFile(t), []byte("\n"))
	n := len(lines) - 3 // a Gemeinde near the end; index n is line n+1
	for !bytes.HasPrefix(lines[n], []byte("60,")) {
		n--
	}
	fields := strings.Split(string(lines[n]), ",")
	fields[6] = "0a1"
	lines[n] = []byte(strings.Join(fields, ","))
	_, err := ParseGemeindeverzeichnis(bytes.NewReader(bytes.Join(lines, []byte("\n"))), "gv.csv", gebietsstand)
	e := teilhabe.AsError(err)
	want := fmt.Sprintf("gv.csv:%d:gemeinde", n+1)
	if e == nil || len(e.Fields) != 1 || e.Fields[0].Field != want {
		t.Fatalf("want error at %s, got %v", want, err)
	}
	de, _ := localizers(t)
	msg, _ := de.Error(err)
	if want := fmt.Sprintf("gv.csv:%d: Feld „gemeinde“: „0a1“ ist kein gültiger Schlüssel (erwartet: 3 Ziffern)", n+1); msg != want {
		t.Errorf("message %q, want %q", msg, want)
	}
}

func BenchmarkParseGemeindeverzeichnis(b *testing.B) {
	data := readRealFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseGemeindeverzeichnis(bytes.NewReader(data), "gv.csv", gebietsstand); err != nil {
			b.Fatal(err)
		}
	}
}

package monitoring

import (
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// withLine returns csv with line n (1-based) replaced by s; "" deletes it.
func withLine(csv string, n int, s string) string {
	lines := strings.Split(csv, "\n")
	if s == "" {
		lines = append(lines[:n-1], lines[n:]...)
	} else {
		lines[n-1] = s
	}
	return strings.Join(lines, "\n")
}

// firstLines returns the first n lines of csv.
func firstLines(csv string, n int) string {
	return strings.Join(strings.Split(csv, "\n")[:n], "\n") + "\n"
}

// genesisErrorCases are broken tables, each with the exact place of its error.
var genesisErrorCases = []struct {
	name, file, csv string
	field, code     string // FieldError.Field ("file:line:column") and Code
	msg             string // part of the message
}{
	{"not a number", "13211.csv", withLine(genesisSample, 9, "2016;031;Braunschweig;/;12a4;0,0"),
		"13211.csv:9:5", GenesisCodeValue, "13211.csv:9: Spalte 5 („Arbeitslose | Ausländer“): „12a4“ ist keine Zahl"},
	{"not a number in the first data row", "t.csv", withLine(genesisSample, 7, "2016;DG;Deutschland;1;12a4;6,1"),
		"t.csv:7:5", GenesisCodeValue, "Spalte 5 („Arbeitslose | Ausländer“): „12a4“ ist keine Zahl"},
	{"thousands dot without decimal comma", "t.csv", withLine(genesisSample, 10, "2016;01001;Flensburg;1.234;0;1"),
		"t.csv:10:4", GenesisCodeValue, "Spalte 4 („Arbeitslose“): „1.234“ ist keine Zahl"},
	{"decimal point", "t.csv", withLine(genesisSample, 10, "2016;01001;Flensburg;1;0;7.8"),
		"t.csv:10:6", GenesisCodeValue, "Spalte 6 („Arbeitslosenquote“): „7.8“"},
	{"empty value", "t.csv", withLine(genesisSample, 10, "2016;01001;Flensburg;1;;7"),
		"t.csv:10:5", GenesisCodeValue, "Spalte 5 („Arbeitslose | Ausländer“): „“ ist keine Zahl"},
	{"missing column", "t.csv", withLine(genesisSample, 8, "2016;01;  Schleswig-Holstein;.;x"),
		"t.csv:8:6", GenesisCodeColumns, "Spalte 6 („Arbeitslosenquote“) fehlt: die Zeile hat 5 statt 6 Spalten"},
	{"extra column", "t.csv", withLine(genesisSample, 8, "2016;01;SH;.;x;1;7"),
		"t.csv:8:7", GenesisCodeColumns, "Spalte 7: zusätzliche Spalte „7“"},
	{"bad region key", "t.csv", withLine(genesisSample, 9, "2016;0311;Braunschweig;1;2;3"),
		"t.csv:9:2", GenesisCodeRegion, "Spalte 2 (Regionalschlüssel): „0311“ ist kein Regionalschlüssel"},
	{"bad period", "t.csv", withLine(genesisSample, 9, "2016/17;031;Braunschweig;1;2;3"),
		"t.csv:9:1", GenesisCodePeriod, "Spalte 1 (Zeit): „2016/17“ ist keine Zeitangabe"},
	{"invalid date", "t.csv", withLine(genesisSample, 9, "31.02.2016;031;Braunschweig;1;2;3"),
		"t.csv:9:1", GenesisCodePeriod, "„31.02.2016“ ist keine Zeitangabe"},
	{"not GENESIS", "t.csv", withLine(genesisSample, 1, "Tabelle 99999"),
		"t.csv:1:1", GenesisCodeFormat, "Zeile 1 muss „GENESIS-Tabelle: <Code>“ oder „Tabelle: <Code>“ lauten"},
	{"no table code", "t.csv", withLine(genesisSample, 1, "GENESIS-Tabelle:;;"),
		"t.csv:1:1", GenesisCodeFormat, "GENESIS-Tabelle"},
	{"no table code, today's first line", "t.csv", withLine(genesisSample, 1, "Tabelle: ;;"),
		"t.csv:1:1", GenesisCodeFormat, "keine GENESIS-Tabelle"},
	{"empty file", "t.csv", "", "t.csv:1:1", GenesisCodeFormat, "keine GENESIS-Tabelle"},
	{"data before header", "t.csv", withLine(withLine(withLine(genesisSample, 4, ""), 4, ""), 4, ""),
		"t.csv:4", GenesisCodeHeader, "Datenzeile vor den Kopfzeilen"},
	{"no data, footer", "t.csv", firstLines(genesisSample, 6) + "__________\nStand: heute\n",
		"t.csv:7", GenesisCodeFormat, "keine Datenzeilen vor der Fußzeile"},
	{"no data, end of file", "t.csv", firstLines(genesisSample, 6),
		"t.csv:6", GenesisCodeFormat, "keine Datenzeilen"},
	{"only title", "t.csv", "GENESIS-Tabelle: 1\nTitel;;;\n", "t.csv:2", GenesisCodeFormat, "keine Datenzeilen"},
	{"time twice", "t.csv", "GENESIS-Tabelle: X\nT;;;\n;;;2016\n;;;A\n2016;DG;Deutschland;1\n",
		"t.csv:5:1", GenesisCodePeriod, "die Zeit steht doppelt: in Spalte 1 („2016“) und in Kopfzeile 3"},
	{"no time", "t.csv", "GENESIS-Tabelle: X\nT;;\n;;A\nDG;Deutschland;1\n",
		"t.csv:4", GenesisCodePeriod, "keine Zeitangabe"},
	{"two period rows", "t.csv", "GENESIS-Tabelle: X\nT;;\n;;2015;2016\n;;31.12.2015;31.12.2016\nDG;D;1;2\n",
		"t.csv:4", GenesisCodeHeader, "zwei Kopfzeilen mit Zeitangaben (Zeilen 3 und 4)"},
	{"period row starts late", "t.csv", "GENESIS-Tabelle: X\nT;;\n;;;31.12.2015\n;;A;B\nDG;D;1;2\n",
		"t.csv:3:3", GenesisCodeHeader, "Spalte 3: über der ersten Wertespalte steht keine Zeitangabe"},
	{"same labels twice", "t.csv", "GENESIS-Tabelle: X\nT;;;\n;;;A;A\n;;;Anzahl;Anzahl\n2016;DG;D;1;2\n",
		"t.csv:4:5", GenesisCodeHeader, "Spalte 5 („A“) ist genauso beschriftet wie Spalte 4"},
	{"column without label", "t.csv", "GENESIS-Tabelle: X\nT;;;\n;;;Anzahl;Prozent\n2016;DG;D;1;2\n",
		"t.csv:3:4", GenesisCodeHeader, "Spalte 4: die Kopfzeilen beschriften diese Wertespalte nicht"},
	{"header without room for keys", "t.csv", "GENESIS-Tabelle: X\nT;;\nInsgesamt;männlich\nDG;Deutschland;1;2\n",
		"t.csv:3", GenesisCodeHeader, "keine Spalten für Regionalschlüssel und Regionsname frei"},
	{"unclosed quote", "t.csv", withLine(genesisSample, 8, `2016;01;"Schleswig-Holstein;1;2;3`),
		"t.csv:8:3", GenesisCodeColumns, "Spalte 3: Anführungszeichen wird nicht geschlossen"},
	{"Latin-1 byte in a UTF-8 file", "t.csv", withLine(genesisSample, 9, "2016;031;Braunschweig M\xfcnze;1;2;3"),
		"t.csv:9:3", GenesisCodeEncoding, "Spalte 3: Byte 0xFC an Position 24 ist kein gültiges UTF-8"},
	{"BOM, then Latin-1", "t.csv", "\xEF\xBB\xBFGENESIS-Tabelle: X\nBev\xf6lkerung;;;\n",
		"t.csv:2:1", GenesisCodeEncoding, "Byte 0xF6 an Position 4"},
	{"too many title lines", "t.csv", "GENESIS-Tabelle: X\n" + strings.Repeat("T;;;\n", 51),
		"t.csv:52", GenesisCodeFormat, "mehr als 50 Titelzeilen"},
}

func TestReadGenesisErrors(t *testing.T) {
	for _, tt := range genesisErrorCases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadGenesis(strings.NewReader(tt.csv), tt.file, &recordSink{})
			e := teilhabe.AsError(err)
			if e == nil || e.Code != teilhabe.EINVALID || len(e.Fields) != 1 {
				t.Fatalf("err = %#v", err)
			}
			line := tt.field[:strings.LastIndexByte(tt.field, ':')]
			if strings.Count(tt.field, ":") == 1 {
				line = tt.field
			}
			msg, field := rendered("de", err)
			if f := e.Fields[0]; f.Field != tt.field || f.Code != tt.code ||
				!strings.HasPrefix(msg, line+": ") || !strings.Contains(msg, tt.msg) || msg != line+": "+field {
				t.Errorf("got %q (%s %s: %q), want %s %s %q", msg, f.Field, f.Code, field, tt.field, tt.code, tt.msg)
			}
			wantRendered(t, err)
		})
	}
}

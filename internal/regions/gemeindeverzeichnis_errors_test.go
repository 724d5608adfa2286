package regions

import (
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Every problem of a file is one field error "file:line:column", rendered in the
// reader's language under a summary that names the place.

func TestParseGemeindeverzeichnisErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		field string // FieldError.Field: file:line:column
		msg   string // the German message, exactly or (if it ends in "…") as a prefix
	}{
		{"Schlüssel nicht numerisch", edited(map[int]string{11: `60,64,01,0,51,5163,0a1,Averlak, 9.06,  554,  288,  266,  61,25715,,,,,,`}),
			"t.csv:11:gemeinde", "t.csv:11: Feld „gemeinde“: „0a1“ ist kein gültiger Schlüssel (erwartet: 3 Ziffern)"},
		{"Schlüssel falsche Länge", edited(map[int]string{9: "40,43,01,0,5,,,Dithmarschen,,,,,,,,,,,,"}),
			"t.csv:9:kreis", "t.csv:9: Feld „kreis“: „5“ ist kein gültiger Schlüssel (erwartet: 2 Ziffern)"},
		{"Schlüsselteil zu viel", edited(map[int]string{2: "10,,08,1,,,,Baden-Württemberg,,,,,,,,,,,,"}),
			"t.csv:2:rb", "t.csv:2: Feld „rb“: „1“ ist bei Satzart 10 (Land) nicht erlaubt (erwartet: leer)"},
		{"Regierungsbezirk 0", edited(map[int]string{3: "20,,08,0,,,,Reg.-Bez. Stuttgart,,,,,,,,,,,,"}),
			"t.csv:3:rb", "t.csv:3: Feld „rb“: „0“ ist kein Regierungsbezirk…"},
		{"zu wenige Felder", edited(map[int]string{9: "40,43,01,0,51,,,Dithmarschen,,"}),
			"t.csv:9:maennlich", "t.csv:9: Feld „maennlich“: 10 statt 20 Felder"},
		{"zu viele Felder", edited(map[int]string{9: "40,43,01,0,51,,,Dithmarschen,,,,,,,,,,,,,"}),
			"t.csv:9:21", "t.csv:9: Feld „21“: 21 statt 20 Felder"},
		{"unbekannte Satzart", edited(map[int]string{9: "41,43,01,0,51,,,Dithmarschen,,,,,,,,,,,,"}),
			"t.csv:9:satzart", "t.csv:9: Feld „satzart“: unbekannte Satzart „41“ (erwartet: 10, 20, 30, 40, 50 oder 60)"},
		{"unbekanntes Textkennzeichen", edited(map[int]string{9: "40,49,01,0,51,,,Dithmarschen,,,,,,,,,,,,"}),
			"t.csv:9:textkennzeichen", "t.csv:9: Feld „textkennzeichen“: unbekanntes Textkennzeichen „49“ für Satzart 40 (Kreis) (erwartet: 41, 42, 43, 44, 45)"},
		{"Textkennzeichen beim Land", edited(map[int]string{8: "10,41,01,,,,,Schleswig-Holstein,,,,,,,,,,,,"}),
			"t.csv:8:textkennzeichen", "t.csv:8: Feld „textkennzeichen“: „41“ ist bei Satzart 10 (Land) nicht erlaubt (erwartet: leer)"},
		{"leerer Name", edited(map[int]string{10: "50,51,01,0,51,5163,,  ,,,,,,,,,,,,"}),
			"t.csv:10:gemeindename", "t.csv:10: Feld „gemeindename“: der Name fehlt"},
		{"Fläche mit Komma", edited(map[int]string{11: `60,64,01,0,51,5163,003,Averlak,"9,06",  554,  288,  266,  61,25715,,,,,,`}),
			"t.csv:11:flaeche", "t.csv:11: Feld „flaeche“: „9,06“ ist keine gültige Fläche…"},
		{"Fläche fehlt", edited(map[int]string{11: `60,64,01,0,51,5163,003,Averlak,,  554,  288,  266,  61,25715,,,,,,`}),
			"t.csv:11:flaeche", "t.csv:11: Feld „flaeche“: „“ ist keine gültige Fläche…"},
		{"Bevölkerung mit Punkt", edited(map[int]string{12: `60,64,01,0,51,5163,010,Brickeln, 6.07, 1.212,  114,  98,  35,25712,,,,,,`}),
			"t.csv:12:bevoelkerung", "t.csv:12: Feld „bevoelkerung“: „ 1.212“ ist keine gültige Anzahl…"},
		{"Bevölkerung falsch gruppiert", edited(map[int]string{12: `60,64,01,0,51,5163,010,Brickeln, 6.07, 21 2,  114,  98,  35,25712,,,,,,`}),
			"t.csv:12:bevoelkerung", "t.csv:12: Feld „bevoelkerung“: „ 21 2“ ist keine gültige Anzahl…"},
		{"weiblich nicht numerisch", edited(map[int]string{12: `60,64,01,0,51,5163,010,Brickeln, 6.07,  212,  114, x,  35,25712,,,,,,`}),
			"t.csv:12:weiblich", "t.csv:12: Feld „weiblich“: „ x“ ist keine gültige Anzahl…"},
		{"Summe männlich weiblich", edited(map[int]string{12: `60,64,01,0,51,5163,010,Brickeln, 6.07,  212,  114,  99,  35,25712,,,,,,`}),
			"t.csv:12:bevoelkerung", "t.csv:12: Feld „bevoelkerung“: Bevölkerung 212 ist nicht die Summe aus männlich (114) und weiblich (99)"},
		{"Postleitzahl", edited(map[int]string{12: `60,64,01,0,51,5163,010,Brickeln, 6.07,  212,  114,  98,  35,2571,,,,,,`}),
			"t.csv:12:postleitzahl", "t.csv:12: Feld „postleitzahl“: „2571“ ist keine gültige Postleitzahl (erwartet: 5 Ziffern oder leer)"},
		{"Latin-1", edited(map[int]string{8: "10,,01,,,,,Schleswig-Holstein \xfcber,,,,,,,,,,,,"}),
			"t.csv:8:gemeindename", "t.csv:8: Feld „gemeindename“: „Schleswig-Holstein ?ber“ ist kein gültiges UTF-8 (als Latin-1 gespeichert?)"},
		{"Gemeindeverband fehlt", edited(map[int]string{12: `60,64,01,0,51,5164,010,Brickeln, 6.07,  212,  114,  98,  35,25712,,,,,,`}),
			"t.csv:12:vb", "t.csv:12: Feld „vb“: kein Datensatz für den Gemeindeverband „010515164“ in der Datei"},
		{"Kreis fehlt, erste Zeile zählt", edited(map[int]string{10: "50,51,01,0,52,5163,,Burg-St. Michaelisdonn,,,,,,,,,,,,"}),
			"t.csv:10:kreis", "t.csv:10: Feld „kreis“: kein Datensatz für den Kreis „01052“ in der Datei"},
		{"Regierungsbezirk fehlt", edited(map[int]string{9: "40,43,01,1,51,,,Dithmarschen,,,,,,,,,,,,"}),
			"t.csv:9:rb", "t.csv:9: Feld „rb“: kein Datensatz für den Regierungsbezirk „011“ in der Datei"},
		{"Land fehlt", edited(map[int]string{2: "10,,09,,,,,Bayern,,,,,,,,,,,,"}),
			"t.csv:3:land", "t.csv:3: Feld „land“: kein Datensatz für das Land „08“ in der Datei"},
		{"doppelter Schlüssel", edited(nil, `60,64,01,0,51,5163,010,Brickeln, 6.07,  212,  114,  98,  35,25712,,,,,,`),
			"t.csv:13:gemeinde", "t.csv:13: Feld „gemeinde“: Schlüssel „01051010“ kommt doppelt vor (zuerst in Zeile 12)"},
		{"doppelter Schlüssel, anderer Name", edited(map[int]string{12: `60,64,01,0,51,5163,003,Brickeln, 6.07,  212,  114,  98,  35,25712,,,,,,`}),
			"t.csv:12:gemeinde", "t.csv:12: Feld „gemeinde“: Schlüssel „01051003“ kommt doppelt vor (zuerst in Zeile 11)"},
		{"mehrzeiliges Feld verschiebt Zeilen", edited(map[int]string{10: "50,51,01,0,51,5163,,\"Burg-St.\nMichaelisdonn\",,,,,,,,,,,,",
			12: `60,64,01,0,51,5163,010,Brickeln, 6.07,  212,  114,  98,  35,257,,,,,,`}),
			"t.csv:13:postleitzahl", "t.csv:13: Feld „postleitzahl“: „257“ ist keine gültige Postleitzahl (erwartet: 5 Ziffern oder leer)"},
		{"Fehler in der zweiten Zeile eines Satzes", edited(map[int]string{11: "60,64,01,0,51,5163,003,\"Aver\nlak\",9.0x,  554,  288,  266,  61,25715,,,,,,"}),
			"t.csv:12:flaeche", "t.csv:12: Feld „flaeche“: „9.0x“ ist keine gültige Fläche…"},
		{"CSV-Syntax", edited(map[int]string{11: `60,64,01,0,51,5163,003,Aver"lak, 9.06,  554,  288,  266,  61,25715,,,,,,`}),
			"t.csv:11:28", "t.csv:11: ungültiges CSV: Anführungszeichen in einem Feld, das nicht in Anführungszeichen steht (Zeichen 28)"},
		{"Anführungszeichen nicht geschlossen", edited(map[int]string{10: `50,51,01,0,51,5163,,"Burg-St. Michaelisdonn,,,,,,,,,,,,`}),
			"t.csv:10:0", "t.csv:10: ungültiges CSV: Anführungszeichen fehlt oder steht an falscher Stelle (Datensatz ab Zeile 10, bemerkt in Zeile 11, Zeichen 67)"},
		{"Spalte fehlt", strings.Replace(edited(nil), ",vb,", ",vbx,", 1),
			"t.csv:1:vb", "t.csv:1: Feld „vb“: Spalte „vb“ fehlt in der Kopfzeile"},
		{"leere Datei", "", "t.csv:1:satzart", "t.csv:1: Feld „satzart“: die Datei ist leer…"},
		{"keine Gemeinden", sample[0] + "\n" + sample[1] + "\n", "t.csv:1:satzart", "t.csv:1: Feld „satzart“: die Datei enthält keine Gemeinden (Satzart 60)"},
	}
	de, en := localizers(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseGemeindeverzeichnis(strings.NewReader(tt.input), "t.csv", gebietsstand)
			e := teilhabe.AsError(err)
			if e == nil {
				t.Fatalf("want *teilhabe.Error, got %v (%d regions)", err, len(got))
			}
			if e.Code != teilhabe.EINVALID || len(e.Fields) != 1 || e.Fields[0].Code != teilhabe.EINVALID {
				t.Fatalf("want one EINVALID field error, got %#v", e)
			}
			msg, fields := de.Error(err)
			if f := e.Fields[0].Field; f != tt.field {
				t.Errorf("field %q, want %q (%s)", f, tt.field, msg)
			}
			if prefix, ok := strings.CutSuffix(tt.msg, "…"); ok {
				if !strings.HasPrefix(msg, prefix) {
					t.Errorf("message %q, want prefix %q", msg, prefix)
				}
			} else if msg != tt.msg {
				t.Errorf("message\n got %q\nwant %q", msg, tt.msg)
			}
			if !strings.HasSuffix(msg, fields[0].Message) {
				t.Errorf("field message %q is not the end of %q", fields[0].Message, msg)
			}
			// The English reader gets the same place and an English text, with the
			// values of the German one.
			enMsg, enFields := en.Error(err)
			if !strings.HasPrefix(enMsg, strings.SplitN(tt.field, ":", 3)[0]+":"+strings.SplitN(tt.field, ":", 3)[1]+": ") ||
				enMsg == msg || !strings.HasSuffix(enMsg, enFields[0].Message) || strings.Contains(enMsg, "regions.") {
				t.Errorf("English message %q (German %q)", enMsg, msg)
			}
		})
	}
}

// localizers are the German and the English catalogue.
func localizers(t *testing.T) (de, en *i18n.Localizer) {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return b.For("de"), b.For("en")
}

func TestParseGemeindeverzeichnisErrorsInEnglish(t *testing.T) {
	_, en := localizers(t)
	for input, want := range map[string]string{
		edited(map[int]string{9: "40,43,01,0,5,,,Dithmarschen,,,,,,,,,,,,"}):                                   "t.csv:9: field “kreis”: “5” is not a valid key (expected: 2 digits)",
		edited(map[int]string{3: "20,,08,10,,,,Reg.-Bez. Stuttgart,,,,,,,,,,,,"}):                              "t.csv:3: field “rb”: “10” is not a valid key (expected: 1 digit)",
		edited(map[int]string{2: "10,,09,,,,,Bayern,,,,,,,,,,,,"}):                                             "t.csv:3: field “land”: no record for the Land “08” in the file",
		edited(map[int]string{11: `60,64,01,0,51,5163,003,Aver"lak, 9.06,  554,  288,  266,  61,25715,,,,,,`}): "t.csv:11: invalid CSV: a quotation mark in a field that is not in quotation marks (character 28)",
	} {
		_, err := ParseGemeindeverzeichnis(strings.NewReader(input), "t.csv", gebietsstand)
		if msg, _ := en.Error(err); msg != want {
			t.Errorf("got  %q\nwant %q", msg, want)
		}
	}
}

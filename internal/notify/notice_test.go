package notify_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/notify"
)

func bundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var since = time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC) // 10:00 in Stuttgart

// notices has every kind of notice, with its variants.
var notices = map[string]notify.Notice{
	"invited":                invitation,
	"invited without words":  notify.ConsultationInvited{ProgrammeID: 7, Programme: invitation.Programme, Funder: invitation.Funder, Deadline: invitation.Deadline},
	"reminder":               notify.ConsultationReminder{ProgrammeID: 7, Programme: invitation.Programme, Funder: invitation.Funder, Deadline: invitation.Deadline},
	"digest of one":          notify.ConsultationDigest{ProgrammeID: 7, Programme: invitation.Programme, Since: since, Administrations: []notify.DigestEntry{{Name: "Stadt Stuttgart", Comments: 1}}},
	"digest of several":      notify.ConsultationDigest{ProgrammeID: 7, Programme: invitation.Programme, Since: since, Administrations: []notify.DigestEntry{{Name: "Stadt Stuttgart", Comments: 2, Statements: 1}, {Name: "Gemeinde Aach", RevisedComments: 1, RevisedStatements: 2}}},
	"digest without entries": notify.ConsultationDigest{ProgrammeID: 7, Programme: invitation.Programme, Since: since},
	"partner invited":        notify.PartnerInvited{ApplicationID: 12, Application: "Sprachpatenschaften", Provider: "Sprachschule am Neckar", Programme: invitation.Programme},
	"sketch invited":         notify.SketchInvited{ApplicationID: 13, Title: "Sprachpatenschaften", Programme: invitation.Programme, Deadline: invitation.Deadline},
	"sketch declined":        notify.SketchDeclined{ApplicationID: 12, Title: "Sprachpatenschaften", Programme: invitation.Programme, Reason: "Der Bedarf ist gedeckt."},
	"decided: approved":      notify.ApplicationDecided{ApplicationID: 12, Application: "Sprachpatenschaften", Programme: invitation.Programme, Funder: invitation.Funder, Approved: true, Amount: 20_000_00, Requested: 20_000_00},
	"decided: reduced":       notify.ApplicationDecided{ApplicationID: 12, Application: "Sprachpatenschaften", Programme: invitation.Programme, Funder: invitation.Funder, Approved: true, Amount: 15_000_00, Requested: 20_000_00, Conditions: "Kursräume nachweisen."},
	"statement requested": notify.StatementRequested{ApplicationID: 12, Application: "Sprachpatenschaften", Provider: "Sprachschule am Neckar", Programme: invitation.Programme,
		Municipality: "Stadt Stuttgart", DueAt: invitation.Deadline},
	"decided: rejected": notify.ApplicationDecided{ApplicationID: 12, Application: "Sprachpatenschaften", Programme: invitation.Programme, Funder: invitation.Funder, Reason: "Das Angebot besteht schon."},
	"payment requested": notify.GrantPayment{GrantID: 3, Grant: "Sprachpatenschaften", Programme: invitation.Programme, Provider: "Sprachschule am Neckar", Funder: invitation.Funder, Step: "requested", Requested: 12_000_00},
	"payment reduced": notify.GrantPayment{GrantID: 3, Grant: "Sprachpatenschaften", Programme: invitation.Programme, Provider: "Sprachschule am Neckar", Funder: invitation.Funder, Step: "approved",
		Requested: 12_000_00, Approved: 10_000_00, Reason: "Dezember noch nicht fällig."},
	"payment paid": notify.GrantPayment{GrantID: 3, Grant: "Sprachpatenschaften", Programme: invitation.Programme, Provider: "Sprachschule am Neckar", Funder: invitation.Funder, Step: "paid",
		Requested: 12_000_00, Approved: 12_000_00, PaidOn: time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)},
}

func TestEveryNoticeRoundTripsAndRendersInBothLanguages(t *testing.T) {
	b := bundle(t)
	kinds := map[string]bool{}
	for name, n := range notices {
		t.Run(name, func(t *testing.T) {
			kind, args, err := notify.Encode(n)
			if err != nil || kind != n.Kind() || kind == "" || !json.Valid(args) {
				t.Fatalf("Encode = %q, %s, %v", kind, args, err)
			}
			kinds[kind] = true
			got, err := notify.Decode(kind, args)
			if err != nil {
				t.Fatal(err)
			}
			// Decode makes a pointer to the notice's type.
			if v := reflect.ValueOf(got); v.Kind() != reflect.Pointer || !reflect.DeepEqual(v.Elem().Interface(), n) {
				t.Fatalf("Decode = %#v, want %#v", got, n)
			}
			if got.Kind() != kind || got.Link() != n.Link() || !strings.HasPrefix(n.Link(), "/") {
				t.Errorf("decoded: kind %q, link %q", got.Kind(), got.Link())
			}
			var texts []string
			for _, lang := range i18n.Languages {
				l := b.For(lang)
				r := notify.Render(l, got)
				if r != notify.Render(l, n) {
					t.Errorf("%s: the decoded notice renders differently:\n%+v\n%+v", lang, r, notify.Render(l, n))
				}
				if r.Title == "" || r.Body == "" || strings.ContainsAny(r.Title, "\r\n") || r.Link != n.Link() {
					t.Errorf("%s: %+v", lang, r)
				}
				if strings.Contains(r.Title+r.Body, "notice.") || strings.Contains(r.Title+r.Body, "<no value>") {
					t.Errorf("%s: a message id or a missing argument in\n%s\n%s", lang, r.Title, r.Body)
				}
				if r.Body != strings.TrimSpace(r.Body) {
					t.Errorf("%s: the body is not trimmed: %q", lang, r.Body)
				}
				if !strings.Contains(r.Title+r.Body, invitation.Programme) {
					t.Errorf("%s: the programme is not named:\n%s\n%s", lang, r.Title, r.Body)
				}
				texts = append(texts, r.Title+"\n"+r.Body)
			}
			if texts[0] == texts[1] {
				t.Errorf("German and English read the same:\n%s", texts[0])
			}
		})
	}
	// Every kind Decode knows is among the notices tested.
	for _, k := range notify.Kinds() {
		if !kinds[k] {
			t.Errorf("kind %s not tested", k)
		}
	}
}

func TestNoticesRenderTheCataloguesWording(t *testing.T) {
	b := bundle(t)
	reminder := notices["reminder"]
	for _, c := range []struct {
		lang        string
		n           notify.Notice
		title, body string
	}{
		{"de", invitation, subjectDE, bodyDE + "\n\n" + invitation.Invitation},
		{"en", invitation, subjectEN, bodyEN + "\n\n" + invitation.Invitation},
		{"de", notices["invited without words"], subjectDE, bodyDE},
		{"de", reminder, "Erinnerung: Beteiligung „Förderprogramm Süd – Teilhabe für alle“ endet am 15.05.2026, 12:00 Uhr",
			"Die Beteiligung zum Entwurf des Förderprogramms „Förderprogramm Süd – Teilhabe für alle“ von Ministerium für Soziales, Gesundheit und Integration endet am 15.05.2026, 12:00 Uhr. Ihre Verwaltung hat noch keine Gesamtstellungnahme abgegeben. Bitte geben Sie sie bis zur Frist ab; bis dahin können Sie auch einzelne Absätze kommentieren."},
		{"en", reminder, "Reminder: the consultation on “Förderprogramm Süd – Teilhabe für alle” ends on 15 May 2026, 12:00 CEST",
			"The consultation on the draft of the funding programme “Förderprogramm Süd – Teilhabe für alle” by Ministerium für Soziales, Gesundheit und Integration ends on 15 May 2026, 12:00 CEST. Your administration has not given its overall statement yet. Please give it before the deadline; until then you can also comment on single paragraphs."},
	} {
		r := notify.Render(b.For(c.lang), c.n)
		if r.Title != c.title {
			t.Errorf("%s %s title\n got %q\nwant %q", c.lang, c.n.Kind(), r.Title, c.title)
		}
		if r.Body != c.body {
			t.Errorf("%s %s body\n got %q\nwant %q", c.lang, c.n.Kind(), r.Body, c.body)
		}
	}
}

func TestDigestCountsInWords(t *testing.T) {
	b := bundle(t)
	one, several := notices["digest of one"], notices["digest of several"]
	for _, c := range []struct {
		lang    string
		n       notify.Notice
		title   string
		want    []string
		notWant []string
	}{
		{"de", one, "Neue Beiträge zur Beteiligung „Förderprogramm Süd – Teilhabe für alle“", []string{
			"Seit 04.05.2026, 10:00 Uhr gibt es in der Beteiligung zum Entwurf „Förderprogramm Süd – Teilhabe für alle“ neue Beiträge von 1 Kommunalverwaltung:\n\n",
			"– Stadt Stuttgart: 1 Kommentar",
		}, []string{"Kommentare", "Insgesamt", "überarbeitete"}},
		{"de", several, "Neue Beiträge zur Beteiligung „Förderprogramm Süd – Teilhabe für alle“", []string{
			"neue Beiträge von 2 Kommunalverwaltungen:\n\n",
			"– Stadt Stuttgart: 2 Kommentare, 1 Stellungnahme\n",
			"– Gemeinde Aach: 1 überarbeiteter Kommentar, 2 überarbeitete Stellungnahmen\n",
			"Insgesamt: 2 Kommentare, 1 Stellungnahme, 1 überarbeiteter Kommentar, 2 überarbeitete Stellungnahmen.",
			"Eine überarbeitete Stellungnahme braucht eine neue Antwort.",
		}, nil},
		{"en", one, "New contributions to the consultation on “Förderprogramm Süd – Teilhabe für alle”", []string{
			"Since 4 May 2026, 10:00 CEST, 1 municipal administration contributed to the consultation on the draft “Förderprogramm Süd – Teilhabe für alle”:\n\n",
			"– Stadt Stuttgart: 1 comment",
		}, []string{"comments", "In all", "revised"}},
		{"en", several, "New contributions to the consultation on “Förderprogramm Süd – Teilhabe für alle”", []string{
			"2 municipal administrations contributed",
			"– Stadt Stuttgart: 2 comments, 1 statement\n",
			"– Gemeinde Aach: 1 revised comment, 2 revised statements\n",
			"In all: 2 comments, 1 statement, 1 revised comment, 2 revised statements.",
			"A revised statement needs a new answer.",
		}, nil},
	} {
		r := notify.Render(b.For(c.lang), c.n)
		if r.Title != c.title {
			t.Errorf("%s title %q, want %q", c.lang, r.Title, c.title)
		}
		for _, w := range c.want {
			if !strings.Contains(r.Body, w) {
				t.Errorf("%s: the digest lacks %q:\n%s", c.lang, w, r.Body)
			}
		}
		for _, w := range c.notWant {
			if strings.Contains(r.Body, w) {
				t.Errorf("%s: the digest has %q:\n%s", c.lang, w, r.Body)
			}
		}
	}
}

func TestTitleIsOneLine(t *testing.T) {
	// A title from a form must not add a header to the mail it becomes the subject of.
	n := notify.ConsultationInvited{ProgrammeID: 1, Programme: "Süd\r\nBcc: alle@example.de", Funder: "Land", Deadline: since}
	r := notify.Render(bundle(t).For("de"), n)
	if r.Title != "Einladung zur Beteiligung: Süd Bcc: alle@example.de" {
		t.Errorf("title %q", r.Title)
	}
}

func TestDecodeRefusesWhatItCannotRead(t *testing.T) {
	if n, err := notify.Decode("programme_archived", []byte(`{}`)); err == nil {
		t.Errorf("unknown kind decoded: %#v", n)
	}
	if n, err := notify.Decode(invitation.Kind(), []byte(`{"programme_id": "sieben"}`)); err == nil {
		t.Errorf("bad arguments decoded: %#v", n)
	}
}

func TestNotificationRender(t *testing.T) {
	b := bundle(t)
	_, args, err := notify.Encode(invitation)
	if err != nil {
		t.Fatal(err)
	}
	// Written before notices had arguments: the stored German text, in any language.
	legacy := notify.Notification{ID: 1, Kind: "consultation_invited", Title: "Einladung zur Beteiligung: „Förderprogramm Süd“",
		Body: "Bitte prüfen Sie den Entwurf.", Link: "/programmes/1/consultation"}
	want := notify.Rendered{Title: legacy.Title, Body: legacy.Body, Link: legacy.Link}
	for _, lang := range i18n.Languages {
		if r := legacy.Render(b.For(lang)); r != want {
			t.Errorf("%s: legacy notification rendered %+v, want %+v", lang, r, want)
		}
	}

	current := notify.Notification{ID: 2, Kind: invitation.Kind(), Args: args, Link: invitation.Link()}
	if r := current.Render(b.For("en")); r != notify.Render(b.For("en"), invitation) || r.Title != subjectEN {
		t.Errorf("notification rendered %+v", r)
	}
	if r := current.Render(b.For("de")); r.Title != subjectDE {
		t.Errorf("notification rendered %+v", r)
	}

	// A kind this version does not know says so, in the reader's language, and keeps
	// its link.
	unknown := notify.Notification{ID: 3, Kind: "programme_archived", Args: []byte(`{}`), Link: "/programmes/1"}
	for lang, title := range map[string]string{
		"de": "Benachrichtigung (in dieser Version nicht darstellbar)",
		"en": "Notification (this version cannot show it)",
	} {
		if r := unknown.Render(b.For(lang)); r != (notify.Rendered{Title: title, Link: "/programmes/1"}) {
			t.Errorf("%s: unknown kind rendered %+v", lang, r)
		}
	}
}

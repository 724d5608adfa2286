package reportpdf

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Texts are searched in cp1252, as the core font writes them.

// germanDecisionOptions label from the real German catalogue, as the web UI does.
func germanDecisionOptions(t *testing.T) DecisionOptions {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	l := b.For("de")
	label := func(key string, args ...any) string {
		switch {
		case strings.HasPrefix(key, "status."):
			return l.T("applications."+key, args...)
		case strings.HasPrefix(key, "review.") || strings.HasPrefix(key, "statement.") || strings.HasPrefix(key, "outcome."):
			return l.T("decisions."+key, args...)
		}
		return l.T("decisions.pdf."+key, args...)
	}
	return DecisionOptions{Lang: "de", Label: label, Money: l.Money, Percent: l.Percent, Date: l.Date, Uncompressed: true}
}

func committeePapers() (decisions.Ranking, []decisions.Summary) {
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	cands := []decisions.Candidate{
		{ApplicationID: 1, Title: "Sprachcafé für Eltern", Provider: "Sprachschule Neckar", Status: applications.StatusInReview, Requested: 60_000_00, ScoreSum: 420, Scored: 1},
		{ApplicationID: 2, Title: "Deutsch im Stadtteil", Provider: "Lernwerk", Status: applications.StatusInReview, Requested: 50_000_00, ScoreSum: 310, Scored: 1},
	}
	r := decisions.Ranking{Pipeline: decisions.Pipeline{Programme: programmes.Programme{Title: "Sprachkurse im Alltag"},
		Call: programmes.Call{ID: 9, Title: "Förderaufruf 2027"}, Budget: 100_000_00, Remaining: 100_000_00}}
	r.Rows = decisions.Rank(cands, r.Budget, r.Remaining)
	s := decisions.Summary{Now: now, App: applications.Application{ID: 1, Title: "Sprachcafé für Eltern", ProviderName: "Sprachschule Neckar",
		ProgrammeTitle: "Sprachkurse im Alltag", CallTitle: "Förderaufruf 2027", Status: applications.StatusInReview,
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: 66_000_00}, OwnFunds: 6_000_00, Requested: 60_000_00}},
		Criteria:   []decisions.Criterion{{ID: 3, Name: "Bedarf", Weight: 2}},
		Reviews:    []decisions.ReviewLine{{Reviewer: "Gerd Gutachter", Submitted: true, Weighted: 420, Recommendation: "approve", Scores: []decisions.CriterionScore{{Criterion: 3, Score: 4}}}, {Reviewer: "Frieda Förster", Conflict: true}},
		Statements: []decisions.StatementLine{{Municipality: "Stadt Stuttgart", Recommendation: "supported"}, {Municipality: "Stadt Ludwigsburg", DueAt: now.Add(-time.Hour)}}}
	return r, []decisions.Summary{s}
}

func TestCommitteePapersInGerman(t *testing.T) {
	r, sums := committeePapers()
	var buf bytes.Buffer
	if err := Committee(&buf, r, sums, germanDecisionOptions(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.Contains(out, []byte("%%EOF")) {
		t.Fatalf("not a PDF: %q", out[:min(len(out), 20)])
	}
	text := shownText(out)
	for _, want := range []string{"Entscheidungsvorlage: F\xf6rderaufruf 2027", "Sprachcaf\xe9 f\xfcr Eltern", "Rangliste", "100.000,00 \x80",
		"Ab hier reicht das verbleibende Budget von 100.000,00 \x80 nicht mehr.", "110.000,00 \x80", "4,2 von 5 \xb7 gez\xe4hlte Bewertungen: 1",
		"Befangenheit erkl\xe4rt", "Bef\xfcrwortet", "Keine Stellungnahme", "Bedarf: 4", "in Pr\xfcfung"} {
		if !strings.Contains(text, want) {
			t.Errorf("the papers lack %q", want)
		}
	}
	if n := len(pageObj.FindAllIndex(out, -1)); n != 2 {
		t.Errorf("%d pages, want the ranking and one summary", n)
	}
}

func TestDecisionSummaryPDF(t *testing.T) {
	_, sums := committeePapers()
	s := sums[0]
	s.App.Status = applications.StatusRejected
	s.Decision = &decisions.Decision{Outcome: decisions.Rejected, Reason: "Kein Bezug zum Förderziel.", DecidedAt: s.Now}
	var buf bytes.Buffer
	if err := DecisionSummary(&buf, s, germanDecisionOptions(t)); err != nil {
		t.Fatal(err)
	}
	text := shownText(buf.Bytes())
	for _, want := range []string{"Abgelehnt, 04.05.2026", "Kein Bezug zum F\xf6rderziel.", "66.000,00 \x80"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q in %q", want, text)
		}
	}
}

package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The grant procedure of the demo: applications to the Land's two calls in every
// state, played like the programmes' history through the use cases, by the demo
// users, with the store's clock set back.
//
// The open call of "Sprachkurse im Alltag" holds the states before a decision: a
// draft, one waiting for one of its two statements, one with its statement, two in
// review (one scored by the Land's reviewer, one she declared herself biased for)
// and one withdrawn. The call of the closed programme "Kommunales
// Integrationsmanagement stärken" holds the decided ones, played while that call
// was open and just after it closed: approved in full, approved with a reduced sum
// and conditions, and rejected. Which administration gives a statement is the
// submission's choice (the nearest one to each region served): Stadt Stuttgart for
// 08111000, the Landkreis for 08118, the Gemeinde for Freudental.

// procedure holds the use cases of the grant procedure and the people who act in it.
type procedure struct {
	apps  *applications.Service
	calls *programmes.CallService
	stmts *statements.Service
	revs  *reviews.Service
	decs  *decisions.Service
	as    map[string]context.Context // by the local part of the demo user's address
}

// The demo users who act in the procedure.
const (
	landStaff    = "funder_staff.bw"
	landReviewer = "reviewer.bw"
	school       = "provider_staff"           // Sprachschule am Neckar (Demo)
	welfare      = "provider_staff.wohlfahrt" // Wohlfahrtsverband Neckar-Enz (Demo)
	association  = "provider_staff.verein"    // Brücken e. V. (Demo)
	stuttgart    = "commissioner"
	ludwigsburg  = "commissioner.ludwigsburg"
	freudental   = "commissioner.freudental"
)

func newProcedure(ctx context.Context, db *store.DB) (procedure, error) {
	p := procedure{apps: applications.NewService(db.Applications()), calls: programmes.NewCallService(db.Calls()),
		stmts: statements.NewService(db.MunicipalStatements()), revs: reviews.NewService(db.Reviews()),
		decs: decisions.NewService(db.Decisions()), as: map[string]context.Context{}}
	accts := db.Accounts()
	for _, local := range []string{landStaff, landReviewer, school, welfare, association, stuttgart, ludwigsburg, freudental} {
		u, err := accts.UserByEmail(ctx, local+"@"+EmailDomain)
		if err != nil {
			return p, fmt.Errorf("demo user %s: %w", local, err)
		}
		pr, err := accts.Principal(ctx, u.ID)
		if err != nil {
			return p, err
		}
		p.as[local] = accounts.WithPrincipal(ctx, pr)
	}
	return p, nil
}

func euro(e int64) teilhabe.Cents { return teilhabe.Cents(e * 100) }

// projectPeriod begins on the first of the month after begin and lasts months, or
// less where the programme's period ends.
func projectPeriod(p programmes.Programme, begin time.Time, months int) (time.Time, time.Time) {
	b := begin.In(teilhabe.Berlin)
	start := time.Date(b.Year(), b.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, months, -1)
	if !p.PeriodEnd.IsZero() && end.After(p.PeriodEnd) {
		end = p.PeriodEnd
	}
	return start, end
}

func contact(name, local string) applications.Contact {
	return applications.Contact{Name: name, Email: local + "@" + EmailDomain}
}

// setUpCall is the Land's staff preparing a call: its settings, the review
// criteria and the Land's reviewer.
func (d demoRun) setUpCall(callID int64, settings programmes.CallSettings, criteria []reviews.CriterionInput) (programmes.CallSettings, error) {
	staff := d.proc.as[landStaff]
	saved, err := d.proc.calls.SaveSettings(staff, callID, 0, settings)
	if err != nil {
		return saved, err
	}
	if _, err := d.proc.revs.SaveCriteria(staff, callID, criteria); err != nil {
		return saved, err
	}
	_, err = d.proc.revs.Assign(staff, callID, 0, landReviewer+"@"+EmailDomain)
	return saved, err
}

// apply has a provider's staff write a draft at created and, unless submitted is
// zero, submit it then: the submission asks for the statements.
func (d demoRun) apply(user string, callID int64, c applications.Content, created, submitted time.Time) (applications.Application, error) {
	d.at(created)
	a, err := d.proc.apps.Create(d.proc.as[user], callID, 0, c)
	if err != nil || submitted.IsZero() {
		return a, err
	}
	d.at(submitted)
	return d.proc.apps.Submit(d.proc.as[user], a.ID, a.Revision)
}

// statement is a commissioner giving their administration's statement.
func (d demoRun) statement(user string, appID int64, at time.Time, in statements.Input) error {
	d.at(at)
	_, err := d.proc.stmts.Give(d.proc.as[user], appID, 0, in)
	return err
}

// score is a reviewer's judgement of one criterion, in the order of the call's criteria.
type score struct {
	points  int
	comment string
}

// review has the Land's reviewer declare that she is not biased and, a while
// later, submit her review.
func (d demoRun) review(appID int64, at time.Time, rec reviews.Recommendation, comment string, scores ...score) error {
	rita := d.proc.as[landReviewer]
	d.at(at)
	if _, err := d.proc.revs.Declare(rita, appID, false, ""); err != nil {
		return err
	}
	ws, err := d.proc.revs.Open(rita, appID)
	if err != nil {
		return err
	}
	if len(ws.Criteria) != len(scores) {
		return fmt.Errorf("review of application %d: %d scores for %d criteria", appID, len(scores), len(ws.Criteria))
	}
	in := reviews.Input{Recommendation: rec, Comment: comment, Submit: true, Revision: ws.Review.Revision}
	for i, c := range ws.Criteria {
		points := scores[i].points
		in.Scores = append(in.Scores, reviews.Score{Criterion: c.ID, Score: &points, Comment: scores[i].comment})
	}
	d.at(at.Add(50 * time.Minute))
	_, err = d.proc.revs.Give(rita, appID, in)
	return err
}

// languageApplications plays the open call of "Sprachkurse im Alltag" (opened 30
// days before now) up to now: every state before the decision.
func (d demoRun) languageApplications(p programmes.Programme, now time.Time) error {
	if len(p.Calls) == 0 || p.Calls[0].ID == 0 {
		return fmt.Errorf("programme %q has no call", p.Title)
	}
	call := p.Calls[0].ID
	d.at(day(now, -29, 10))
	settings, err := d.setUpCall(call, programmes.CallSettings{Stages: 1, StatementDays: 21, Budget: euro(800_000),
		Questions: []programmes.Question{{Label: "Wie ist die Kinderbetreuung während der Kurszeiten geregelt?",
			Help: "Zum Beispiel eine eigene Betreuung im Nebenraum oder eine Kooperation mit der Kita.", Kind: programmes.QuestionText}}},
		[]reviews.CriterionInput{
			{Name: "Bedarf", Description: "Ist der Bedarf vor Ort belegt, etwa durch die kommunale Integrationsplanung oder Wartelisten?", Weight: 2},
			{Name: "Konzept", Description: "Passen Kursformat, Kinderbetreuung, Orte und Zeiten zu Eltern und Neuzugewanderten?", Weight: 1},
		})
	if err != nil {
		return fmt.Errorf("call set-up: %w", err)
	}
	childcare := func(text string) map[string]string { return map[string]string{settings.Questions[0].ID: text} }
	start, end := projectPeriod(p, day(now, 75, 9), 10)
	stuttgartOnly := []string{"08111000"}

	// Withdrawn: Brücken e. V. took back its course for grandparents after the city's statement.
	grandparents, err := d.apply(association, call, applications.Content{
		Title:        "Deutschkurs für Großeltern im Quartier",
		Description:  "Ein Kurs für Großmütter und Großväter, die ihre Enkel in Kita und Schule begleiten und dafür Deutsch im Alltag brauchen: Gespräche mit Erzieherinnen, Elternbriefe, Arzttermine. Der Kurs findet zweimal wöchentlich am Vormittag in den Vereinsräumen statt.",
		RegionKeys:   stuttgartOnly,
		ActionFields: []string{"sprache"}, TargetGroups: []string{"aeltere", "familien"},
		PeriodStart: start, PeriodEnd: end,
		Outputs: []applications.Output{{Quantity: 1, Unit: "Kurs mit 80 Unterrichtseinheiten"}, {Quantity: 14, Unit: "Teilnehmende"}},
		Contact: contact("Mehmet Brückner", association),
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostFees: euro(6_240), applications.CostMaterial: euro(760)},
			OwnFunds: euro(500), Requested: euro(6_500)},
		Answers: childcare("Die Enkelkinder können während des Kurses im Spielzimmer des Vereins von zwei Ehrenamtlichen betreut werden."),
	}, day(now, -28, 15), day(now, -27, 11))
	if err != nil {
		return fmt.Errorf("grandparents: %w", err)
	}
	if err := d.statement(stuttgart, grandparents.ID, day(now, -20, 10), statements.Input{
		StrategyFit:    "Das Integrationskonzept der Stadt nennt ältere Zugewanderte als Zielgruppe, die von den Integrationskursen kaum erreicht wird.",
		Overlap:        "Im Quartier gibt es bisher kein Angebot für diese Zielgruppe; das Seniorennetzwerk bietet Begegnung, aber keinen Sprachkurs.",
		Recommendation: statements.Conditional,
		Conditions:     "Der Kursort muss barrierefrei erreichbar sein.",
		Text:           "Die Stadt befürwortet das Vorhaben, wenn der Kurs in barrierefreien Räumen stattfindet.",
	}); err != nil {
		return fmt.Errorf("statement on grandparents: %w", err)
	}
	d.at(day(now, -11, 9))
	cur, err := d.proc.apps.Get(d.proc.as[association], grandparents.ID)
	if err != nil {
		return err
	}
	if _, err := d.proc.apps.Withdraw(d.proc.as[association], cur.ID, cur.Revision); err != nil {
		return fmt.Errorf("withdraw grandparents: %w", err)
	}

	// In review, scored: Brücken e. V.'s language mentors.
	mentors, err := d.apply(association, call, applications.Content{
		Title:        "Sprachpatenschaften für neu zugewanderte Familien",
		Description:  "Ehrenamtliche Sprachpatinnen und -paten treffen sich ein Jahr lang wöchentlich mit einer neu zugewanderten Familie, üben Deutsch im Alltag und begleiten zu Kita, Schule und Ämtern. Eine Koordinatorin in Teilzeit gewinnt, schult und begleitet die Ehrenamtlichen.",
		RegionKeys:   stuttgartOnly,
		ActionFields: []string{"sprache", "teilhabe"}, TargetGroups: []string{"familien", "neuzugewanderte"},
		PeriodStart: start, PeriodEnd: end,
		Outputs: []applications.Output{{Quantity: 30, Unit: "Patenschaften"}, {Quantity: 4, Unit: "Schulungsabende für Ehrenamtliche"}},
		Contact: contact("Mehmet Brückner", association),
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: euro(14_400),
			applications.CostMaterial: euro(2_100), applications.CostFees: euro(1_500)}, AdminRate: 700, OwnFunds: euro(760), Requested: euro(18_500)},
		Answers: childcare("Die Treffen finden in den Familien statt; bei den Schulungsabenden betreut der Verein die Kinder."),
	}, day(now, -26, 14), day(now, -24, 10))
	if err != nil {
		return fmt.Errorf("mentors: %w", err)
	}
	if err := d.statement(stuttgart, mentors.ID, day(now, -15, 11), statements.Input{
		StrategyFit:    "Passt zum Handlungsfeld Sprache und zum Ziel des Integrationskonzepts, Ehrenamt und hauptamtliche Begleitung zu verbinden.",
		Overlap:        "Ergänzt die Integrationskurse; Patenschaftsprogramme anderer Träger richten sich an Geflüchtete in Unterkünften, nicht an Familien in Wohnungen.",
		Recommendation: statements.Supported,
		Text:           "Die Stadt befürwortet das Vorhaben. Brücken e. V. erreicht Familien, die andere Angebote nicht erreichen.",
	}); err != nil {
		return fmt.Errorf("statement on mentors: %w", err)
	}

	// In review, with a declared conflict: the language school's parents' evenings.
	evenings, err := d.apply(school, call, applications.Content{
		Title:        "Deutsch für den Elternabend – Kurse an Grundschulen in Stuttgart",
		Description:  "Kurse für Eltern von Grundschulkindern, direkt in der Schule während des Unterrichts: Elternbriefe lesen, mit Lehrkräften sprechen, das Schulsystem verstehen. Die Kurse werden mit den Schulleitungen und der Schulsozialarbeit geplant.",
		RegionKeys:   stuttgartOnly,
		ActionFields: []string{"sprache", "bildung"}, TargetGroups: []string{"familien"},
		PeriodStart: start, PeriodEnd: end,
		Outputs: []applications.Output{{Quantity: 4, Unit: "Kurse mit je 80 Unterrichtseinheiten"}, {Quantity: 48, Unit: "Teilnehmende"}},
		Contact: contact("Paul Sprache", school),
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostFees: euro(12_480), applications.CostMaterial: euro(1_520)},
			AdminRate: 500, OwnFunds: euro(700), Requested: euro(14_000)},
		Answers: childcare("Die Kurse finden während der Unterrichtszeit statt; jüngere Geschwister betreut eine Fachkraft im Nebenraum."),
	}, day(now, -25, 9), day(now, -22, 16))
	if err != nil {
		return fmt.Errorf("parents' evenings: %w", err)
	}
	if err := d.statement(stuttgart, evenings.ID, day(now, -14, 14), statements.Input{
		StrategyFit:    "Die Zusammenarbeit von Schule und zugewanderten Eltern ist ein Schwerpunkt des Integrationskonzepts.",
		Overlap:        "Die Elternseminare der Stadt finden abends statt; Kurse in der Schule während des Unterrichts gibt es bisher nicht.",
		Recommendation: statements.Supported,
		Text:           "Die Stadt befürwortet das Vorhaben.",
	}); err != nil {
		return fmt.Errorf("statement on parents' evenings: %w", err)
	}

	// Statement received: a course with childcare in Freudental.
	village, err := d.apply(school, call, applications.Content{
		Title:        "Alltagsdeutsch mit Kinderbetreuung in Freudental",
		Description:  "Zwei Kurse am Vormittag im Gemeindehaus, für Mütter und Väter mit kleinen Kindern, die den nächsten Integrationskurs nicht erreichen. Während des Unterrichts werden die Kinder nebenan betreut.",
		RegionKeys:   []string{"08118016"},
		ActionFields: []string{"sprache"}, TargetGroups: []string{"familien", "frauen"},
		PeriodStart: start, PeriodEnd: end,
		Outputs: []applications.Output{{Quantity: 2, Unit: "Kurse mit je 120 Unterrichtseinheiten"}, {Quantity: 24, Unit: "Teilnehmende"}},
		Contact: contact("Paul Sprache", school),
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostFees: euro(9_360),
			applications.CostPersonnel: euro(3_200), applications.CostMaterial: euro(1_200)}, AdminRate: 500, OwnFunds: euro(448),
			ThirdParty: []applications.ThirdParty{{Source: "Gemeinde Freudental (Zuschuss für die Kinderbetreuung)", Amount: euro(1_000)}}, Requested: euro(13_000)},
		Answers: childcare("Eine Tagespflegeperson betreut die Kinder im Nebenraum des Gemeindehauses."),
	}, day(now, -19, 10), day(now, -16, 12))
	if err != nil {
		return fmt.Errorf("Freudental course: %w", err)
	}
	if err := d.statement(freudental, village.ID, day(now, -9, 10), statements.Input{
		StrategyFit:    "Für Familien im Ort ist der nächste Sprachkurs nur mit längeren Busfahrten erreichbar; ein Kurs im Ort mit Kinderbetreuung entspricht dem, was die Gemeinde sich vorgenommen hat.",
		Overlap:        "In Freudental gibt es keinen anderen Sprachkurs.",
		Recommendation: statements.Conditional,
		Conditions:     "Die Kurszeiten sind mit den Öffnungszeiten des Kindergartens abzustimmen.",
		Text:           "Die Gemeinde befürwortet das Vorhaben und stellt das Gemeindehaus zur Verfügung.",
	}); err != nil {
		return fmt.Errorf("statement on the Freudental course: %w", err)
	}

	// Waiting for statements: courses in Stuttgart and the Landkreis; Ludwigsburg has answered, Stuttgart not yet.
	mornings, err := d.apply(school, call, applications.Content{
		Title:        "Deutsch am Vormittag – Elternkurse an Kitas in Stuttgart und im Landkreis Ludwigsburg",
		Description:  "Vier Kurse am Vormittag in Kitas, während die Kinder in der Gruppe sind: zwei in Stuttgart, zwei in Gemeinden des Landkreises Ludwigsburg. Die Themen kommen aus dem Alltag der Eltern: Kita, Kinderarzt, Einkauf, Nachbarschaft.",
		RegionKeys:   []string{"08111000", "08118"},
		ActionFields: []string{"sprache", "bildung"}, TargetGroups: []string{"familien", "neuzugewanderte"},
		PeriodStart: start, PeriodEnd: end,
		Outputs: []applications.Output{{Quantity: 4, Unit: "Kurse mit je 120 Unterrichtseinheiten"}, {Quantity: 48, Unit: "Teilnehmende"}},
		Contact: contact("Paul Sprache", school),
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostFees: euro(18_720),
			applications.CostPersonnel: euro(6_000), applications.CostMaterial: euro(2_400)}, AdminRate: 500, OwnFunds: euro(1_476), Requested: euro(27_000)},
		Answers: childcare("Die Kinder sind während des Kurses in ihrer Kita-Gruppe; für jüngere Geschwister gibt es eine Betreuung im Nebenraum."),
	}, day(now, -10, 9), day(now, -7, 15))
	if err != nil {
		return fmt.Errorf("Kita courses: %w", err)
	}
	if err := d.statement(ludwigsburg, mornings.ID, day(now, -3, 11), statements.Input{
		StrategyFit:    "Sprachkurse mit Kinderbetreuung fehlen im Landkreis; das haben wir schon in der Beteiligung zum Programm gesagt.",
		Overlap:        "Die Volkshochschulen bieten Elternkurse am Abend an; Kurse in Kitas am Vormittag gibt es im Landkreis nicht.",
		Recommendation: statements.Supported,
		Text:           "Der Landkreis befürwortet das Vorhaben und hilft bei der Auswahl der Kitas.",
	}); err != nil {
		return fmt.Errorf("statement on the Kita courses: %w", err)
	}

	// The funder begins the review of the two applications with their statements in.
	d.at(day(now, -6, 9))
	if _, err := d.proc.decs.StartReviewBatch(d.proc.as[landStaff], call, []int64{mentors.ID, evenings.ID}, nil); err != nil {
		return fmt.Errorf("start review: %w", err)
	}
	d.at(day(now, -5, 10))
	if _, err := d.proc.revs.Declare(d.proc.as[landReviewer], evenings.ID, true,
		"Ich habe bis zum vergangenen Jahr als Honorarlehrkraft für die Sprachschule am Neckar unterrichtet."); err != nil {
		return fmt.Errorf("conflict: %w", err)
	}
	if err := d.review(mentors.ID, day(now, -4, 14), reviews.RecommendApprove,
		"Ein gut durchdachtes Vorhaben mit einem Träger, der die Familien kennt. Förderung empfohlen.",
		score{4, "Die Stellungnahme der Stadt und die Erfahrungen des Vereins belegen den Bedarf."},
		score{4, "Schulung und Begleitung der Ehrenamtlichen sind schlüssig; die Koordination ist ausreichend ausgestattet."}); err != nil {
		return fmt.Errorf("review of mentors: %w", err)
	}

	// A draft: Brücken e. V. has begun its parents' café.
	if _, err := d.apply(association, call, applications.Content{
		Title:        "Deutsch im Elterncafé – Treffpunkt für Mütter und Väter",
		Description:  "Ein offenes Elterncafé zweimal in der Woche, in dem Eltern bei Kaffee und mit einer Sprachlehrerin Deutsch sprechen.",
		RegionKeys:   stuttgartOnly,
		ActionFields: []string{"sprache"}, TargetGroups: []string{"familien"},
		PeriodStart: start, PeriodEnd: end,
		Contact: contact("Mehmet Brückner", association),
	}, day(now, -2, 17), time.Time{}); err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	return nil
}

// managementApplications plays the applications to the call of "Kommunales
// Integrationsmanagement stärken" while it is open (from start+35 days to
// start+95); decide, called once the programme has closed, plays the review and
// the decisions. The programme funds welfare associations with 15 % own funds
// under Fehlbedarfsfinanzierung: the grant closes what own and third-party funds
// leave open.
func (d demoRun) managementApplications(p programmes.Programme, start time.Time) (decide func() error, err error) {
	if len(p.Calls) == 0 || p.Calls[0].ID == 0 {
		return nil, fmt.Errorf("programme %q has no call", p.Title)
	}
	call := p.Calls[0].ID
	d.at(day(start, 36, 10))
	if _, err := d.setUpCall(call, programmes.CallSettings{Stages: 1, StatementDays: 21, Budget: euro(1_200_000)},
		[]reviews.CriterionInput{
			{Name: "Bedarf vor Ort", Description: "Ist belegt, dass Geflüchtete in den Kommunen des Vorhabens eine feste Ansprechperson brauchen und bisher keine haben?", Weight: 2},
			{Name: "Einbindung der Kommune", Description: "Ist das Integrationsmanagement mit der Verwaltung und den Regeldiensten vor Ort abgestimmt?", Weight: 2},
			{Name: "Konzept und Qualifikation", Description: "Sind Aufgaben, Erreichbarkeit und Qualifikation der Fachkräfte schlüssig beschrieben?", Weight: 1},
		}); err != nil {
		return nil, fmt.Errorf("call set-up: %w", err)
	}
	periodStart, periodEnd := projectPeriod(p, day(start, 118, 9), 24)

	// Approved in full: the Landkreis.
	county, err := d.apply(welfare, call, applications.Content{
		Title:        "Integrationsmanagement für Geflüchtete in den Gemeinden des Landkreises Ludwigsburg",
		Description:  "Zwei Integrationsmanagerinnen und -manager begleiten Geflüchtete in den kleineren Gemeinden des Landkreises, die keine eigene Stelle haben: Sprechstunden in den Rathäusern, Hausbesuche, Begleitung zu Jobcenter, Ausländerbehörde und Schule. Die Stellen arbeiten im Auftrag des Landratsamts.",
		RegionKeys:   []string{"08118"},
		ActionFields: []string{"teilhabe", "arbeit", "wohnen"}, TargetGroups: []string{"gefluechtete"},
		PeriodStart: periodStart, PeriodEnd: periodEnd,
		Outputs: []applications.Output{{Quantity: 2, Unit: "Stellen im Integrationsmanagement"}, {Quantity: 12, Unit: "Gemeinden mit Sprechstunde"}},
		Contact: contact("Wilma Wohl", welfare),
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: euro(132_000), applications.CostMaterial: euro(6_000)},
			AdminRate: 700, OwnFunds: euro(22_500),
			ThirdParty: []applications.ThirdParty{{Source: "Landkreis Ludwigsburg (Kofinanzierung)", Amount: euro(15_000)}}, Requested: euro(110_160)},
	}, day(start, 48, 10), day(start, 52, 11))
	if err != nil {
		return nil, fmt.Errorf("Landkreis: %w", err)
	}
	if err := d.statement(ludwigsburg, county.ID, day(start, 64, 10), statements.Input{
		StrategyFit:    "Das Vorhaben setzt um, was der Landkreis in der Beteiligung zum Programm vorgeschlagen hat: Integrationsmanagement bei einem freien Träger, im Auftrag des Landratsamts.",
		Overlap:        "Das Landratsamt hat eigenes Integrationsmanagement nur in den großen Kreisstädten; in den kleineren Gemeinden gibt es keine feste Ansprechperson.",
		Recommendation: statements.Supported,
		Text:           "Der Landkreis befürwortet das Vorhaben und beteiligt sich an der Finanzierung.",
	}); err != nil {
		return nil, fmt.Errorf("statement on the Landkreis: %w", err)
	}

	// Approved with a reduced sum and conditions: Freudental.
	village, err := d.apply(welfare, call, applications.Content{
		Title:        "Integrationsmanagement in Freudental",
		Description:  "Eine Stelle im Integrationsmanagement für die Geflüchteten in der Anschlussunterbringung der Gemeinde: feste Sprechzeiten im Rathaus, Begleitung bei Wohnungssuche, Sprachkurs und Arbeit.",
		RegionKeys:   []string{"08118016"},
		ActionFields: []string{"teilhabe", "wohnen"}, TargetGroups: []string{"gefluechtete"},
		PeriodStart: periodStart, PeriodEnd: periodEnd,
		Outputs: []applications.Output{{Quantity: 1, Unit: "Stelle im Integrationsmanagement"}, {Quantity: 2, Unit: "Sprechstunden je Woche im Rathaus"}},
		Contact: contact("Wilma Wohl", welfare),
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: euro(62_000), applications.CostMaterial: euro(3_000)},
			AdminRate: 500, OwnFunds: euro(10_500),
			ThirdParty: []applications.ThirdParty{{Source: "Gemeinde Freudental", Amount: euro(2_000)}}, Requested: euro(55_750)},
	}, day(start, 58, 14), day(start, 62, 10))
	if err != nil {
		return nil, fmt.Errorf("Freudental: %w", err)
	}
	if err := d.statement(freudental, village.ID, day(start, 79, 15), statements.Input{
		StrategyFit:    "Die Gemeinde hat keine eigene Fachkraft für die Begleitung der Geflüchteten; bisher übernehmen das Ehrenamtliche und die Verwaltung nebenher.",
		Overlap:        "Keine; das Integrationsmanagement des Landkreises ist in Freudental nicht vertreten.",
		Recommendation: statements.Conditional,
		Conditions:     "Die Stelle stimmt sich mit dem Integrationsmanagement des Landkreises ab, damit niemand doppelt betreut wird.",
		Text:           "Die Gemeinde befürwortet das Vorhaben und stellt ein Büro im Rathaus.",
	}); err != nil {
		return nil, fmt.Errorf("statement on Freudental: %w", err)
	}

	// Rejected: Stuttgart.
	city, err := d.apply(welfare, call, applications.Content{
		Title:        "Integrationslotsinnen und -lotsen für Geflüchtete in Stuttgart",
		Description:  "Zwei halbe Stellen begleiten Geflüchtete in zwei Stuttgarter Stadtbezirken bei Behördengängen und bei der Suche nach Arbeit und Wohnung.",
		RegionKeys:   []string{"08111000"},
		ActionFields: []string{"teilhabe", "arbeit"}, TargetGroups: []string{"gefluechtete"},
		PeriodStart: periodStart, PeriodEnd: periodEnd,
		Outputs: []applications.Output{{Quantity: 2, Unit: "halbe Stellen"}},
		Contact: contact("Wilma Wohl", welfare),
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: euro(88_000), applications.CostMaterial: euro(4_000)},
			AdminRate: 700, OwnFunds: euro(15_000), Requested: euro(83_440)},
	}, day(start, 70, 9), day(start, 75, 11))
	if err != nil {
		return nil, fmt.Errorf("Stuttgart: %w", err)
	}
	if err := d.statement(stuttgart, city.ID, day(start, 90, 10), statements.Input{
		StrategyFit:    "Die Begleitung Geflüchteter ist ein Ziel des Integrationskonzepts; die Stadt organisiert sie mit ihrem eigenen Integrationsmanagement.",
		Overlap:        "In beiden Stadtbezirken arbeitet bereits das Integrationsmanagement der Stadt; das Vorhaben würde es doppeln.",
		Recommendation: statements.NotSupported,
		Text:           "Die Stadt befürwortet das Vorhaben nicht. Sie bietet dem Träger an, gemeinsam zu klären, wo seine Erfahrung die städtischen Stellen ergänzen kann.",
	}); err != nil {
		return nil, fmt.Errorf("statement on Stuttgart: %w", err)
	}

	decide = func() error {
		staff := d.proc.as[landStaff]
		d.at(day(start, 101, 9))
		if _, err := d.proc.decs.StartReviewBatch(staff, call, []int64{county.ID, village.ID, city.ID}, nil); err != nil {
			return fmt.Errorf("start review: %w", err)
		}
		if err := d.review(county.ID, day(start, 104, 10), reviews.RecommendApprove,
			"Schließt eine Lücke in den kleineren Gemeinden, mit der Kommune abgestimmt und kofinanziert.",
			score{5, "Die Gemeinden ohne eigene Stelle sind benannt."}, score{5, "Im Auftrag des Landratsamts, mit Kofinanzierung."},
			score{4, "Sprechstunden und Hausbesuche sind klar beschrieben."}); err != nil {
			return fmt.Errorf("review of the Landkreis: %w", err)
		}
		if err := d.review(village.ID, day(start, 105, 11), reviews.RecommendApproveConditions,
			"Sinnvoll, aber eine volle Stelle ist für eine Gemeinde dieser Größe reichlich bemessen.",
			score{4, "Bisher keine Fachkraft im Ort."}, score{3, "Die Abstimmung mit dem Landkreis steht noch aus."},
			score{3, "Der Stellenumfang ist nicht begründet."}); err != nil {
			return fmt.Errorf("review of Freudental: %w", err)
		}
		if err := d.review(city.ID, day(start, 106, 9), reviews.RecommendReject,
			"Das Vorhaben doppelt ein bestehendes Angebot der Stadt.",
			score{2, "Der Bedarf ist in beiden Stadtbezirken durch die Stadt gedeckt."}, score{1, "Nicht mit der Stadt abgestimmt."},
			score{3, "Aufgaben nachvollziehbar beschrieben."}); err != nil {
			return fmt.Errorf("review of Stuttgart: %w", err)
		}
		d.at(day(start, 118, 10))
		if _, err := d.proc.decs.Decide(staff, county.ID, decisions.Input{Outcome: decisions.Approved,
			Conditions: "Über die Arbeit in den Gemeinden ist nach dem ersten Jahr ein kurzer Sachbericht vorzulegen."}); err != nil {
			return fmt.Errorf("approve the Landkreis: %w", err)
		}
		d.at(day(start, 118, 10).Add(20 * time.Minute))
		reduced := applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: euro(50_400), applications.CostMaterial: euro(2_600)},
			AdminRate: 500, OwnFunds: euro(8_650), ThirdParty: []applications.ThirdParty{{Source: "Gemeinde Freudental", Amount: euro(2_000)}}}
		if _, err := d.proc.decs.Decide(staff, village.ID, decisions.Input{Outcome: decisions.Approved, Amount: euro(45_000), Plan: &reduced,
			Conditions: "Gefördert wird die Stelle mit dem geringeren Stellenumfang des reduzierten Finanzierungsplans.\n\nDie Zusammenarbeit mit dem Integrationsmanagement des Landkreises Ludwigsburg ist vor Beginn des Vorhabens schriftlich zu vereinbaren, wie es die Stellungnahme der Gemeinde verlangt."}); err != nil {
			return fmt.Errorf("approve Freudental: %w", err)
		}
		d.at(day(start, 118, 10).Add(40 * time.Minute))
		if _, err := d.proc.decs.Decide(staff, city.ID, decisions.Input{Outcome: decisions.Rejected,
			Reason: "Das Programm fördert Integrationsmanagement dort, wo es fehlt. In den beiden Stadtbezirken arbeitet bereits das Integrationsmanagement der Landeshauptstadt, die das Vorhaben in ihrer Stellungnahme nicht befürwortet; auch das Gutachten empfiehlt die Ablehnung."}); err != nil {
			return fmt.Errorf("reject Stuttgart: %w", err)
		}
		return nil
	}
	return decide, nil
}

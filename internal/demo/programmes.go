package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The demo programmes show every stage of the lifecycle: a federal draft in
// consultation with contributions, a Land programme with an open call, a foundation
// programme, and a closed Land programme with its published consultation report.
// Their history is played through the use cases as it would have happened, by the
// demo users of the funders and municipalities, with the store's clock set back, so
// that deadlines, versions, notices and the report are real.

const (
	funderBund     = "Bundesprogrammstelle Integration (Demo)"
	funderLand     = "Landesförderstelle Integration Baden-Württemberg (Demo)"
	funderStiftung = "Stiftung Zusammenhalt (Demo)"
	orgStuttgart   = "Landeshauptstadt Stuttgart – Integrationspolitik (Demo)"
	orgLudwigsburg = "Landratsamt Ludwigsburg – Integration (Demo)"
	orgFreudental  = "Gemeinde Freudental (Demo)"
)

func day(t time.Time, days int, hour int) time.Time {
	d := t.In(teilhabe.Berlin).AddDate(0, 0, days)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, teilhabe.Berlin).UTC()
}

// loadProgrammes adds the programmes unless they are there already.
func loadProgrammes(ctx context.Context, db *store.DB) error {
	accts := db.Accounts()
	orgs := map[string]accounts.Organisation{}
	for _, name := range []string{funderBund, funderLand, funderStiftung, orgStuttgart, orgLudwigsburg, orgFreudental} {
		found, err := accts.Organisations(ctx, accounts.OrganisationFilter{Name: name})
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return fmt.Errorf("demo organisation %s missing", name)
		}
		orgs[name] = found[0]
	}
	existing, err := db.Programmes().ProgrammesOfFunders(ctx, []int64{orgs[funderBund].ID, orgs[funderLand].ID, orgs[funderStiftung].ID})
	if err != nil || len(existing) > 0 {
		return err
	}
	// Each organisation acts through its demo user.
	users := map[string]context.Context{}
	for local, org := range map[string]string{"funder_staff": funderBund, "funder_staff.bw": funderLand, "funder_staff.stiftung": funderStiftung,
		"commissioner": orgStuttgart, "commissioner.ludwigsburg": orgLudwigsburg} {
		u, err := accts.UserByEmail(ctx, local+"@"+EmailDomain)
		if err != nil {
			return err
		}
		p, err := accts.Principal(ctx, u.ID)
		if err != nil {
			return err
		}
		users[org] = accounts.WithPrincipal(ctx, p)
	}
	clock := db.Now
	defer func() { db.Now = clock }()
	now := clock()
	at := func(t time.Time) { db.Now = func() time.Time { return t } }
	proc, err := newProcedure(ctx, db)
	if err != nil {
		return err
	}
	d := demoRun{svc: programmes.NewService(db.Programmes()), orgs: orgs, as: users, at: at, proc: proc}

	if err := d.closedWithReport(now); err != nil {
		return fmt.Errorf("demo: closed programme: %w", err)
	}
	lang, err := d.languageCourses(now)
	if err != nil {
		return fmt.Errorf("demo: language courses: %w", err)
	}
	if err := d.foundation(now); err != nil {
		return fmt.Errorf("demo: foundation programme: %w", err)
	}
	if err := d.languageApplications(lang, now); err != nil {
		return fmt.Errorf("demo: applications to the language courses: %w", err)
	}
	db.Now = clock
	if err := d.wifiDraft(now); err != nil {
		return fmt.Errorf("demo: federal draft: %w", err)
	}
	return nil
}

type demoRun struct {
	svc  *programmes.Service
	orgs map[string]accounts.Organisation
	as   map[string]context.Context // the organisation's demo user
	at   func(time.Time)
	proc procedure // the grant procedure's use cases and its people (applications.go)
}

func (d demoRun) create(p *programmes.Programme, funder string) error {
	p.FunderID = d.orgs[funder].ID
	created, err := d.svc.Create(d.as[funder], *p)
	*p = created
	return err
}

func (d demoRun) contribute(progID int64, org string, c programmes.Contribution) (int64, error) {
	in := programmes.ContributionInput{OrganisationID: d.orgs[org].ID, Kind: c.Kind, Section: c.Section, Paragraph: c.Paragraph,
		Quote: c.Quote, Text: c.Text, Rating: c.Rating, Amendment: c.Amendment}
	got, err := d.svc.Contribute(d.as[org], progID, in)
	return got.ID, err
}

func (d demoRun) steps(p *programmes.Programme, funder string, to ...programmes.Status) error {
	for _, s := range to {
		moved, err := d.svc.SetStatus(d.as[funder], p.ID, s, p.Revision)
		if err != nil {
			return err
		}
		*p = moved
	}
	return nil
}

func (d demoRun) consult(p *programmes.Programme, funder string, c programmes.Consultation) error {
	if _, err := d.svc.OpenConsultation(d.as[funder], p.ID, c, p.Revision); err != nil {
		return err
	}
	p.Revision++ // the step into consultation
	return nil
}

func (d demoRun) update(p *programmes.Programme, funder, note string) error {
	saved, err := d.svc.Update(d.as[funder], p.ID, *p, note, p.Revision)
	if err == nil {
		*p = saved
	}
	return err
}

// wifiDraft is the federal draft "Digitale Teilhabe in Gemeinschaftsunterkünften",
// in consultation now, with contributions from Stuttgart and Ludwigsburg.
func (d demoRun) wifiDraft(now time.Time) error {
	p := wifiProgramme(now)
	if err := d.create(&p, funderBund); err != nil {
		return err
	}
	c := programmes.Consultation{Regions: []string{"08"}, Deadline: day(now, 14, 18),
		Message: "Wir bitten besonders um Hinweise zur Lage der Unterkünfte in Ihrer Kommune und zu bestehenden Angeboten der digitalen Beratung."}
	if err := d.consult(&p, funderBund, c); err != nil {
		return err
	}
	if _, err := d.contribute(p.ID, orgStuttgart, programmes.Contribution{Kind: programmes.KindStatement, Rating: 4,
		Text:      "Das Programm greift einen Bedarf auf, den wir in unseren Unterkünften täglich sehen: Ohne stabiles WLAN können Geflüchtete weder Termine bei Behörden wahrnehmen noch an Online-Sprachkursen teilnehmen. Die Förderung sollte aber auch den laufenden Betrieb nach dem Ende der Projektlaufzeit berücksichtigen.",
		Amendment: "Ergänzung in „Gegenstand der Förderung“: „Förderfähig sind auch die Betriebskosten bis zu 24 Monate nach Inbetriebnahme.“"}); err != nil {
		return err
	}
	if _, err := d.contribute(p.ID, orgStuttgart, programmes.Contribution{Kind: programmes.KindComment, Section: 1, Paragraph: 1,
		Quote: "ehrenamtlich getragene Digitallotsen",
		Text:  "Ehrenamtliche allein können die Begleitung nicht verlässlich sichern. Bitte auch hauptamtliche Stellen anteilig förderfähig machen."}); err != nil {
		return err
	}
	_, err := d.contribute(p.ID, orgLudwigsburg, programmes.Contribution{Kind: programmes.KindComment, Section: 2, Paragraph: 0,
		Quote:     "Antragsberechtigt sind Träger von Gemeinschaftsunterkünften",
		Text:      "Im Landkreis werden viele Unterkünfte von den Gemeinden selbst betrieben. Sie sollten ausdrücklich antragsberechtigt sein.",
		Amendment: "„Antragsberechtigt sind Träger von Gemeinschaftsunterkünften, einschließlich Städte und Gemeinden, die Unterkünfte selbst betreiben.“"})
	return err
}

func wifiProgramme(now time.Time) programmes.Programme {
	year := now.In(teilhabe.Berlin).Year() + 1
	return programmes.Programme{
		Title:   "Digitale Teilhabe in Gemeinschaftsunterkünften",
		Summary: "Der Bund fördert WLAN in Gemeinschaftsunterkünften für Geflüchtete und die Begleitung der Bewohnerinnen und Bewohner bei der digitalen Teilhabe: Zugang zu Behördenterminen, Online-Sprachkursen, Schule und Arbeitssuche.",
		Sections: []programmes.Section{
			{Heading: "Ziel der Förderung", Body: "Geflüchtete in Gemeinschaftsunterkünften sollen einen verlässlichen Internetzugang haben. Digitale Teilhabe ist Voraussetzung für Sprachförderung, Bildung, Arbeitssuche und den Kontakt zu Behörden.\n\nDas Programm verbindet den Ausbau der Infrastruktur mit Angeboten, die Bewohnerinnen und Bewohner befähigen, digitale Dienste sicher zu nutzen."},
			{Heading: "Gegenstand der Förderung", Body: "Gefördert werden die Einrichtung und Erweiterung von WLAN in Gemeinschaftsunterkünften einschließlich Planung, Hardware und Installation.\n\nGefördert wird außerdem die Begleitung durch ehrenamtlich getragene Digitallotsen, die Sprechstunden in den Unterkünften anbieten."},
			{Heading: "Antragsberechtigte", Body: "Antragsberechtigt sind Träger von Gemeinschaftsunterkünften sowie Wohlfahrtsverbände und zivilgesellschaftliche Initiativen, die in Unterkünften tätig sind."},
			{Heading: "Art und Umfang der Förderung", Body: "Die Förderung erfolgt als Zuschuss in Form einer Anteilfinanzierung. Der Eigenanteil beträgt zehn Prozent der zuwendungsfähigen Ausgaben."},
		},
		ActionFields:  []string{"digitale_teilhabe", "wohnen"},
		TargetGroups:  []string{"gefluechtete", "neuzugewanderte"},
		ProviderTypes: []accounts.ProviderType{accounts.ProviderWelfare, accounts.ProviderCivilSociety, accounts.ProviderKIZ},
		RegionKeys:    []string{"DG"},
		Budgets:       []programmes.Budget{{Year: year, Amount: 12_000_000_00}, {Year: year + 1, Amount: 12_000_000_00}},
		FundingKind:   programmes.FundingProject, FinancingType: programmes.FinancingShare,
		MaxGrant: 150_000_00, OwnShare: 1000,
		PeriodStart: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(year+1, 12, 31, 0, 0, 0, 0, time.UTC),
	}
}

// languageCourses is a published Land programme with an open call, after a
// consultation that ended three months ago.
func (d demoRun) languageCourses(now time.Time) (programmes.Programme, error) {
	year := now.In(teilhabe.Berlin).Year()
	start := day(now, -120, 9)
	d.at(start)
	p := programmes.Programme{
		Title:   "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte",
		Summary: "Das Land fördert alltagsnahe Sprachkurse für Eltern und Neuzugewanderte mit Kinderbetreuung, ergänzend zu den Integrationskursen des Bundes.",
		Sections: []programmes.Section{
			{Heading: "Ziel der Förderung", Body: "Eltern und Neuzugewanderte sollen Deutsch dort lernen, wo sie es brauchen: in Kita, Schule, Nachbarschaft und bei Behörden.\n\nDie Sprachkurse ergänzen die Integrationskurse und schließen Lücken für Menschen, die an diesen nicht teilnehmen können."},
			{Heading: "Gegenstand der Förderung", Body: "Gefördert werden Sprachkurse mit mindestens 60 Unterrichtseinheiten, begleitende Kinderbetreuung und Lernmaterial.\n\nKurse können in Kitas, Schulen, Familienzentren oder Räumen von Migrantenorganisationen stattfinden."},
			{Heading: "Antragsberechtigte", Body: "Antragsberechtigt sind Sprach- und Integrationskursträger, Bildungsträger und Migrantenorganisationen mit Sitz in Baden-Württemberg."},
		},
		ActionFields:  []string{"sprache", "bildung"},
		TargetGroups:  []string{"familien", "neuzugewanderte", "frauen"},
		ProviderTypes: []accounts.ProviderType{accounts.ProviderLanguageCourse, accounts.ProviderEducation, accounts.ProviderMigrantOrg},
		RegionKeys:    []string{"08"},
		Budgets:       []programmes.Budget{{Year: year, Amount: 2_500_000_00}, {Year: year + 1, Amount: 2_500_000_00}},
		FundingKind:   programmes.FundingProject, FinancingType: programmes.FinancingFixed,
		MaxGrant:    40_000_00,
		PeriodStart: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(year+1, 12, 31, 0, 0, 0, 0, time.UTC),
		Calls: []programmes.Call{{Title: "Förderaufruf " + fmt.Sprint(year+1), OpensAt: day(now, -30, 9), ClosesAt: day(now, 45, 23)}},
	}
	if err := d.create(&p, funderLand); err != nil {
		return p, err
	}
	c := programmes.Consultation{Regions: []string{"08"}, Deadline: day(start, 21, 18)}
	if err := d.consult(&p, funderLand, c); err != nil {
		return p, err
	}
	d.at(day(start, 5, 10))
	if _, err := d.contribute(p.ID, orgLudwigsburg, programmes.Contribution{Kind: programmes.KindStatement, Rating: 5,
		Text: "Im Landkreis fehlen Sprachkurse mit Kinderbetreuung. Das Programm passt sehr gut zu unserem Bedarf."}); err != nil {
		return p, err
	}
	d.at(day(start, 30, 9))
	err := d.steps(&p, funderLand, programmes.StatusPublished, programmes.StatusApplications)
	return p, err
}

// foundation is a published foundation programme with a call open all year.
func (d demoRun) foundation(now time.Time) error {
	year := now.In(teilhabe.Berlin).Year()
	start := day(now, -90, 9)
	d.at(start)
	p := programmes.Programme{
		Title:   "Engagiert vor Ort – Kleinprojekte von Migrantenorganisationen",
		Summary: "Die Stiftung fördert Kleinprojekte von Migrantenorganisationen und Initiativen, die Begegnung, Beratung und Ehrenamt in der Nachbarschaft stärken.",
		Sections: []programmes.Section{
			{Heading: "Worum es geht", Body: "Migrantenorganisationen leisten viel Integrationsarbeit im Ehrenamt. Die Stiftung unterstützt sie mit unbürokratischen Zuschüssen für Kleinprojekte.\n\nGefördert werden zum Beispiel Beratungsangebote, Begegnungsfeste, Hausaufgabenhilfe und Qualifizierung von Ehrenamtlichen."},
			{Heading: "Wer einen Antrag stellen kann", Body: "Antragsberechtigt sind eingetragene Vereine von Migrantinnen und Migranten und zivilgesellschaftliche Initiativen."},
		},
		ActionFields:  []string{"teilhabe", "antidiskriminierung"},
		TargetGroups:  []string{"migrantenorganisationen", "alle"},
		ProviderTypes: []accounts.ProviderType{accounts.ProviderMigrantOrg, accounts.ProviderCivilSociety},
		RegionKeys:    []string{"DG"},
		Budgets:       []programmes.Budget{{Year: year, Amount: 300_000_00}},
		FundingKind:   programmes.FundingProject, FinancingType: programmes.FinancingFull,
		MaxGrant:    5_000_00,
		PeriodStart: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(year+1, 6, 30, 0, 0, 0, 0, time.UTC),
		Calls: []programmes.Call{{Title: "Laufende Antragstellung", OpensAt: day(now, -60, 0), ClosesAt: day(now, 200, 23)}},
	}
	if err := d.create(&p, funderStiftung); err != nil {
		return err
	}
	c := programmes.Consultation{Regions: []string{"08111"}, Deadline: day(start, 14, 18)}
	if err := d.consult(&p, funderStiftung, c); err != nil {
		return err
	}
	d.at(day(start, 20, 9))
	return d.steps(&p, funderStiftung, programmes.StatusPublished, programmes.StatusApplications)
}

// closedWithReport is a Land programme whose consultation, publication, call and
// report lie in the past: the report shows contributions, answers and changes.
func (d demoRun) closedWithReport(now time.Time) error {
	start := day(now, -400, 9)
	year := start.In(teilhabe.Berlin).Year()
	d.at(start)
	p := programmes.Programme{
		Title:   "Kommunales Integrationsmanagement stärken",
		Summary: "Das Land fördert Stellen für das Integrationsmanagement in Kreisen und Gemeinden, die Geflüchtete individuell begleiten.",
		Sections: []programmes.Section{
			{Heading: "Ziel der Förderung", Body: "Geflüchtete sollen in ihrer Kommune eine feste Ansprechperson haben, die sie bei Sprache, Arbeit, Wohnen und Behördengängen begleitet."},
			{Heading: "Gegenstand der Förderung", Body: "Gefördert werden Personalstellen im Integrationsmanagement für die Dauer von zwei Jahren.\n\nDie Stellen werden bei den Kommunen angesiedelt."},
		},
		ActionFields:  []string{"teilhabe", "arbeit", "wohnen"},
		TargetGroups:  []string{"gefluechtete"},
		ProviderTypes: []accounts.ProviderType{accounts.ProviderKIZ, accounts.ProviderWelfare},
		RegionKeys:    []string{"08"},
		Budgets:       []programmes.Budget{{Year: year, Amount: 4_000_000_00}},
		FundingKind:   programmes.FundingProject, FinancingType: programmes.FinancingDeficit,
		MaxGrant: 120_000_00, OwnShare: 1500,
		// Two years, as the text says: the positions begin after the call's decisions.
		PeriodStart: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(year+1, 12, 31, 0, 0, 0, 0, time.UTC),
	}
	if err := d.create(&p, funderLand); err != nil {
		return err
	}
	c := programmes.Consultation{Regions: []string{"08"}, Deadline: day(start, 21, 18)}
	if err := d.consult(&p, funderLand, c); err != nil {
		return err
	}
	d.at(day(start, 3, 11))
	s1, err := d.contribute(p.ID, orgStuttgart, programmes.Contribution{Kind: programmes.KindStatement, Rating: 4,
		Text: "Feste Ansprechpersonen sind der wirksamste Weg. Die Stellen sollten auch bei freien Trägern angesiedelt werden können."})
	if err != nil {
		return err
	}
	d.at(day(start, 6, 15))
	c1, err := d.contribute(p.ID, orgLudwigsburg, programmes.Contribution{Kind: programmes.KindComment, Section: 1, Paragraph: 1,
		Quote: "bei den Kommunen angesiedelt", Text: "Im Landkreis arbeiten wir mit Wohlfahrtsverbänden zusammen. Eine Weiterleitung an freie Träger sollte möglich sein.",
		Amendment: "„Die Stellen werden bei den Kommunen oder bei von ihnen beauftragten freien Trägern angesiedelt.“"})
	if err != nil {
		return err
	}
	d.at(day(start, 8, 10))
	c2, err := d.contribute(p.ID, orgLudwigsburg, programmes.Contribution{Kind: programmes.KindComment, Section: 1, Paragraph: 0,
		Quote: "für die Dauer von zwei Jahren", Text: "Zwei Jahre sind zu kurz, um eingearbeitete Fachkräfte zu halten. Wir schlagen drei Jahre vor."})
	if err != nil {
		return err
	}
	d.at(day(start, 25, 9))
	answers := []struct {
		id int64
		a  programmes.Answer
	}{
		{s1, programmes.Answer{Verdict: programmes.VerdictAdopted, Reason: "Die Ansiedlung bei freien Trägern ist jetzt möglich (siehe Gegenstand der Förderung)."}},
		{c1, programmes.Answer{Verdict: programmes.VerdictAdopted, Reason: "Wortlaut übernommen."}},
		{c2, programmes.Answer{Verdict: programmes.VerdictRejected, Reason: "Der Landeshaushalt erlaubt eine Bindung nur für zwei Haushaltsjahre."}},
	}
	for _, a := range answers {
		if err := d.svc.Answer(d.as[funderLand], p.ID, a.id, a.a, 0); err != nil {
			return err
		}
	}
	p.Sections[1].Body = "Gefördert werden Personalstellen im Integrationsmanagement für die Dauer von zwei Jahren.\n\nDie Stellen werden bei den Kommunen oder bei von ihnen beauftragten freien Trägern angesiedelt."
	if err := d.update(&p, funderLand, ""); err != nil {
		return err
	}
	if err := d.steps(&p, funderLand, programmes.StatusPublished); err != nil {
		return err
	}
	if err := d.svc.PublishReport(d.as[funderLand], p.ID); err != nil {
		return err
	}
	d.at(day(start, 30, 9))
	p.Calls = []programmes.Call{{Title: "Förderaufruf " + fmt.Sprint(year), OpensAt: day(start, 35, 9), ClosesAt: day(start, 95, 23)}}
	if err := d.update(&p, funderLand, "Förderaufruf mit Antragsfrist ergänzt."); err != nil {
		return err
	}
	d.at(day(start, 35, 9))
	if err := d.steps(&p, funderLand, programmes.StatusApplications); err != nil {
		return err
	}
	// Applications come in while the call is open; the funder decides on them
	// after it closed (applications.go).
	decide, err := d.managementApplications(p, start)
	if err != nil {
		return err
	}
	d.at(day(start, 100, 9))
	if err := d.steps(&p, funderLand, programmes.StatusClosed); err != nil {
		return err
	}
	return decide()
}

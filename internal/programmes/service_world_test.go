package programmes_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The use cases of package programmes run here over the real store on both engines:
// every call acts as a user (storetest.As), and the rules of access, lifecycle,
// consultation and locking are the service's.

// system is the context of set-up steps that no user takes.
var system = teilhabe.WithActor(context.Background(), teilhabe.System("test"))

var bundle = func() *i18n.Bundle {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b
}()

// german renders an error as a German reader sees it.
func german(err error) string {
	msg, _ := bundle.For("de").Error(err)
	return msg
}

// wantErr fails unless err is a domain error with this code and message id.
func wantErr(t *testing.T, what string, err error, code, id string) {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil || e.Code != code || (id != "" && e.MessageID() != id) {
		t.Fatalf("%s: %v; want %s %s", what, err, code, id)
	}
}

func importRegions(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := storetest.ImportRegions(system, db, storetest.Regions(), "t"); err != nil {
		t.Fatal(err)
	}
}

func organisation(t *testing.T, db *store.DB, o accounts.Organisation) accounts.Organisation {
	t.Helper()
	return storetest.Organisation(t, db, o)
}

func newUser(t *testing.T, db *store.DB, email, name string, ms ...accounts.Membership) accounts.User {
	t.Helper()
	return newUserIn(t, db, "de", email, name, ms...)
}

func newUserIn(t *testing.T, db *store.DB, locale, email, name string, ms ...accounts.Membership) accounts.User {
	t.Helper()
	return storetest.User(t, db, accounts.NewUser{Email: email, Name: name, Locale: locale}, ms...)
}

// notices returns a user's notifications of one kind, newest first, rendered in
// the user's language.
func notices(t *testing.T, db *store.DB, u accounts.User, kind string) []notify.Rendered {
	t.Helper()
	all, err := db.Notifications().Notifications(context.Background(), u.ID, 200)
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.Rendered
	for _, n := range all {
		if n.Kind == kind {
			out = append(out, n.Render(bundle.For(u.Locale)))
		}
	}
	return out
}

// sentMail records what the worker sends.
type sentMail struct{ msgs []*notify.Message }

func (s *sentMail) Send(_ context.Context, m *notify.Message) error {
	s.msgs = append(s.msgs, m)
	return nil
}

// sendOutbox sends every mail of the outbox through the real worker, as the server
// does, and returns the messages, each in its recipient's language.
func sendOutbox(t *testing.T, db *store.DB) []*notify.Message {
	t.Helper()
	s := &sentMail{}
	w := &notify.Worker{Outbox: db.Mail(), Messages: bundle, BaseURL: "https://teilhabe.example.org", Sender: s,
		Now: func() time.Time { return db.Now().Add(time.Minute) }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for w.SendMail(context.Background()) > 0 {
	}
	if st, err := db.Mail().Status(context.Background()); err != nil || st.Pending != 0 {
		t.Fatalf("outbox after sending: %+v, %v", st, err)
	}
	return s.msgs
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func equalMaps(a, b map[string]int) bool { return maps.Equal(a, b) }

func recipients(msgs []*notify.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.To)
	}
	return out
}

// fundingWorld is a Land funder with two staff and three municipal administrations
// in Baden-Württemberg (Stuttgart, Landkreis Ludwigsburg, Freudental), each with a
// commissioner, and a draft programme of the funder.
type fundingWorld struct {
	t         *testing.T
	db        *store.DB
	svc       *programmes.Service
	clock     *storetest.Clock
	funder    accounts.Organisation
	munis     map[string]accounts.Organisation
	commiss   map[string]accounts.User
	staff     accounts.User
	staff2    accounts.User
	programme programmes.Programme
}

func newFundingWorld(t *testing.T, db *store.DB) *fundingWorld {
	t.Helper()
	w := &fundingWorld{t: t, db: db, svc: programmes.NewService(db.Programmes()),
		munis: map[string]accounts.Organisation{}, commiss: map[string]accounts.User{}}
	w.clock = storetest.NewClock(db, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	importRegions(t, db)
	w.funder = organisation(t, db, accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderLand, Name: "Landesförderstelle"})
	w.staff = newUser(t, db, "staff@land.example", "Frieda Förder", accounts.Membership{Organisation: w.funder, Role: accounts.RoleFunderStaff})
	w.staff2 = newUser(t, db, "staff2@land.example", "Gregor Geld", accounts.Membership{Organisation: w.funder, Role: accounts.RoleFunderStaff})
	for _, m := range []struct{ name, key string }{{"stuttgart", "08111000"}, {"ludwigsburg", "08118"}, {"freudental", "08118016"}} {
		o := organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Verwaltung " + m.name, RegionKey: m.key})
		w.munis[m.name] = o
		w.commiss[m.name] = newUser(t, db, m.name+"@kommune.example", "IB "+m.name, accounts.Membership{Organisation: o, Role: accounts.RoleCommissioner})
	}
	p, err := w.svc.Create(w.as(w.staff), programmes.Programme{FunderID: w.funder.ID, Title: "Sprachkurse im Alltag", Summary: "Deutsch für Eltern.",
		Sections:     []programmes.Section{{Heading: "Ziel", Body: "Eltern lernen Deutsch.\n\nIn der Kita und in der Schule."}, {Heading: "Antragsberechtigte", Body: "Sprachkursträger."}},
		ActionFields: []string{"sprache"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderLanguageCourse}, RegionKeys: []string{"08"},
		FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingShare, OwnShare: 1000,
		PeriodStart: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	w.programme = p
	return w
}

// as is the context of u's requests.
func (w *fundingWorld) as(u accounts.User) context.Context { return storetest.As(w.t, w.db, u.ID) }

// staffCtx acts as the funder's first staff member.
func (w *fundingWorld) staffCtx() context.Context { return w.as(w.staff) }

func (w *fundingWorld) contribute(name string, in programmes.ContributionInput) (programmes.Contribution, error) {
	return w.svc.Contribute(w.as(w.commiss[name]), w.programme.ID, in)
}

// load returns the programme as the funder's staff sees it.
func (w *fundingWorld) load(id int64) programmes.Programme {
	w.t.Helper()
	v, err := w.svc.Programme(w.staffCtx(), id)
	if err != nil {
		w.t.Fatalf("programme %d: %v", id, err)
	}
	return v.Programme
}

// publish puts the programme to a short consultation of Baden-Württemberg and
// publishes it after the deadline, the only way to publication.
func (w *fundingWorld) publish(id int64) {
	w.t.Helper()
	ctx := w.staffCtx()
	if _, err := w.svc.OpenConsultation(ctx, id, programmes.Consultation{Regions: []string{"08"}, Deadline: w.clock.Now().Add(time.Hour)}, 0); err != nil {
		w.t.Fatal(err)
	}
	w.clock.Advance(2 * time.Hour)
	if _, err := w.svc.SetStatus(ctx, id, programmes.StatusPublished, 0); err != nil {
		w.t.Fatal(err)
	}
}

func (w *fundingWorld) audit(entity string) []audit.Event {
	w.t.Helper()
	events, err := w.db.Audit().Events(context.Background(), audit.Filter{Entity: entity})
	if err != nil {
		w.t.Fatal(err)
	}
	return events
}

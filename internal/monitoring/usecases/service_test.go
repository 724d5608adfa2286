package usecases_test

import (
	"bytes"
	"context"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The use cases of package monitoring run here over the real store on both engines.
// The numbers are made up so that every median and rank can be checked by hand.

var system = teilhabe.WithActor(context.Background(), teilhabe.System("test"))

var bundle = func() *i18n.Bundle {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b
}()

// german renders an error's field messages as a German reader sees them, by field.
func germanFields(err error) map[string]string {
	_, fields := bundle.For("de").Error(err)
	out := map[string]string{}
	for _, f := range fields {
		out[f.Field] = f.Message
	}
	return out
}

func wantErr(t *testing.T, what string, err error, code, id string) *teilhabe.Error {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil || e.Code != code || (id != "" && e.MessageID() != id) {
		t.Fatalf("%s: %v; want %s %s", what, err, code, id)
	}
	return e
}

// testRegions: Baden-Württemberg with three Stadtkreise and a Landkreis (and a
// Gemeinde in it), Bayern with München; Regierungsbezirke in between.
func testRegions() []regions.Region {
	asOf := time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
	r := func(key, ars, name string, level regions.Level, kind, parent string) regions.Region {
		return regions.Region{Key: key, ARS: ars, Name: name, Level: level, Kind: kind, ParentKey: parent,
			AreaKm2: 1, Population: 1000, PopulationDate: asOf, ValidFrom: asOf}
	}
	return []regions.Region{
		r("DG", regions.ARSBund, "Deutschland", regions.LevelBund, "Staat", ""),
		r("08", "08", "Baden-Württemberg", regions.LevelLand, "Land", "DG"),
		r("081", "081", "Reg.-Bez. Stuttgart", regions.LevelRegierungsbezirk, "Regierungsbezirk", "08"),
		r("08111", "08111", "Stuttgart, Stadtkreis", regions.LevelKreis, "Stadtkreis", "081"),
		r("08118", "08118", "Ludwigsburg", regions.LevelKreis, "Landkreis", "081"),
		r("081110000", "081110000", "Stuttgart, Landeshauptstadt", regions.LevelGemeindeverband, "verbandsfreie Gemeinde", "08111"),
		r("08111000", "081110000000", "Stuttgart, Landeshauptstadt", regions.LevelGemeinde, "Stadt", "081110000"),
		r("081185001", "081185001", "Besigheim", regions.LevelGemeindeverband, "Verwaltungsgemeinschaft", "08118"),
		r("08118016", "081185001016", "Freudental", regions.LevelGemeinde, "Gemeinde", "081185001"),
		r("082", "082", "Reg.-Bez. Karlsruhe", regions.LevelRegierungsbezirk, "Regierungsbezirk", "08"),
		r("08221", "08221", "Heidelberg, Stadtkreis", regions.LevelKreis, "Stadtkreis", "082"),
		r("08222", "08222", "Mannheim, Stadtkreis", regions.LevelKreis, "Stadtkreis", "082"),
		r("09", "09", "Bayern", regions.LevelLand, "Freistaat", "DG"),
		r("091", "091", "Oberbayern", regions.LevelRegierungsbezirk, "Regierungsbezirk", "09"),
		r("09162", "09162", "München, Landeshauptstadt", regions.LevelKreis, "Kreisfreie Stadt", "091"),
	}
}

// rates are the unemployment rates of foreigners (the series of ALQ-AUSL), by year
// and region; a string is an official special sign.
var rates = map[string]map[string]any{
	"2019": {"DG": 12.0, "08": 9.0, "09": 8.0, "08111": 10.0, "08118": 7.0, "08221": 12.0, "08222": 14.0, "09162": 9.5},
	"2021": {"DG": 13.0, "08": 10.0, "08111": 11.0, "08118": "."},
	"2022": {"DG": 12.5, "08": 9.5, "09": 8.5, "08111": 8.5, "08118": 6.0, "08221": ".", "08222": 15.0, "09162": 9.0},
}

// unemployment streams rates as a piece of table 13211-02-04-4.
func unemployment(sink monitoring.Sink) (monitoring.Summary, error) {
	series := []monitoring.Series{{Labels: []string{"Arbeitslosenquote bez. auf abhäng. Erwerbsp.", "Ausländer"}, Unit: "Prozent"}}
	if err := sink.Begin(monitoring.Table{Code: "13211-02-04-4", Title: "Arbeitslose"}, series); err != nil {
		return monitoring.Summary{}, err
	}
	years := []string{"2019", "2021", "2022"}
	for _, y := range years {
		keys := make([]string, 0, len(rates[y]))
		for k := range rates[y] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			o := monitoring.Observation{RegionKey: k, RegionName: k, Period: y}
			switch v := rates[y][k].(type) {
			case float64:
				o.Value = v
			case string:
				o.Symbol = v
			}
			if err := sink.Observation(o); err != nil {
				return monitoring.Summary{}, err
			}
		}
	}
	return monitoring.Summary{Encoding: "UTF-8", Periods: years}, sink.End("")
}

type fixture struct {
	db           *store.DB
	svc          *monitoring.Service
	admin        accounts.User
	commissioner accounts.User
}

func setup(t *testing.T, db *store.DB) fixture {
	t.Helper()
	if _, err := storetest.ImportRegions(system, db, testRegions(), "t"); err != nil {
		t.Fatal(err)
	}
	org := func(o accounts.Organisation) accounts.Organisation {
		t.Helper()
		return storetest.Organisation(t, db, o)
	}
	user := func(email string, ms ...accounts.Membership) accounts.User {
		t.Helper()
		return storetest.User(t, db, accounts.NewUser{Email: email, Name: email}, ms...)
	}
	platform := org(accounts.Organisation{Kind: accounts.KindPlatform, Name: "Plattformbetrieb"})
	stuttgart := org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt Stuttgart", RegionKey: "08111000"})
	freudental := org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Gemeinde Freudental", RegionKey: "08118016"})
	office := org(accounts.Organisation{Kind: accounts.KindNetwork, Name: "Geschäftsstelle", RegionKey: "09162"})
	f := fixture{db: db, svc: monitoring.NewService(db.Statistics())}
	f.admin = user("admin@example.de", accounts.Membership{Organisation: platform, Role: accounts.RolePlatformAdmin})
	f.commissioner = user("integration@stuttgart.example", accounts.Membership{Organisation: stuttgart, Role: accounts.RoleCommissioner})
	// The network: a member in a Gemeinde of Ludwigsburg, and the office in München.
	user("netz@freudental.example", accounts.Membership{Organisation: freudental, Role: accounts.RoleNetworkMember})
	user("office@example.de", accounts.Membership{Organisation: office, Role: accounts.RoleNetworkOffice})
	if _, err := f.svc.ImportTables(accounts.WithPrincipal(context.Background(), accounts.System("test")), []monitoring.TableFile{{Name: "13211.csv", Read: unemployment}}, monitoring.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return f
}

func keysOf(cols []monitoring.SeriesColumn) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.Key)
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestMonitoringView: the region beside its Land and the Bund, each column's change
// since 2019, and the ranking of the Kreise.
func TestMonitoringView(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background() // the public: no principal
		v, err := f.svc.Monitoring(ctx, "alq-ausl", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "08111"}})
		if err != nil {
			t.Fatal(err)
		}
		if v.Indicator.Code != "ALQ-AUSL" || v.Region.Key != "08111" || v.BaseYear != "2019" {
			t.Fatalf("view of %s for %s", v.Indicator.Code, v.Region.Key)
		}
		// The Regierungsbezirk in between is left out: region, Land, Bund.
		if got := keysOf(v.Series.Columns); !slices.Equal(got, []string{"08111", "08", "DG"}) {
			t.Fatalf("columns %v", got)
		}
		roles := []monitoring.ColumnRole{monitoring.RoleRegion, monitoring.RoleLand, monitoring.RoleBund}
		for i, c := range v.Series.Columns {
			if c.Role != roles[i] {
				t.Errorf("column %s has role %s, want %s", c.Key, c.Role, roles[i])
			}
		}
		if !slices.Equal(v.Series.Years, []string{"2019", "2021", "2022"}) {
			t.Fatalf("years %v", v.Series.Years)
		}
		stgt := v.Series.Columns[0]
		if stgt.Name != "Stuttgart, Stadtkreis" || stgt.Cells["2022"].Value != 8.5 || stgt.Cells["2021"].Value != 11 {
			t.Errorf("Stuttgart %+v", stgt)
		}
		// Lower is better: Stuttgart fell from 10 to 8.5, the Land rose from 9 to 9.5.
		if c := v.Changes[0]; !c.Has || c.LatestYear != "2022" || !near(c.Diff, -1.5) || c.Verdict != monitoring.VerdictBetter {
			t.Errorf("Stuttgart's change %+v", c)
		}
		if c := v.Changes[1]; !c.Has || !near(c.Diff, 0.5) || c.Verdict != monitoring.VerdictWorse {
			t.Errorf("the Land's change %+v", c)
		}

		// The ranking of the latest year: lower first, a special sign last and unranked;
		// the Land and the Bund are no Kreise.
		if !slices.Equal(v.Years, []string{"2019", "2021", "2022"}) || v.Year != "2022" {
			t.Fatalf("ranking years %v, year %s", v.Years, v.Year)
		}
		var got []string
		for _, it := range v.Ranking {
			got = append(got, it.RegionKey+":"+string(rune('0'+it.Rank)))
		}
		if want := []string{"08118:1", "08111:2", "09162:3", "08222:4", "08221:0"}; !slices.Equal(got, want) {
			t.Errorf("ranking 2022 %v, want %v", got, want)
		}
		v, err = f.svc.Monitoring(ctx, "ALQ-AUSL", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "08111"}, Year: "2019"})
		if err != nil || v.Year != "2019" || len(v.Ranking) != 5 || v.Ranking[0].RegionKey != "08118" || v.Ranking[4].RegionKey != "08222" {
			t.Errorf("ranking 2019: %v, %+v", err, v.Ranking)
		}

		// A name finds the region; a Gemeinde stands beside its Land and the Bund and
		// has the kind of its Kreis for the peer group.
		if v, err = f.svc.Monitoring(ctx, "ALQ-AUSL", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "Ludwigs"}}); err != nil || v.Region.Key != "08118" {
			t.Errorf("by name: %v, %s", err, v.Region.Key)
		}
		v, err = f.svc.Monitoring(ctx, "ALQ-AUSL", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "08118016"}})
		if err != nil || !slices.Equal(keysOf(v.Series.Columns), []string{"08118016", "08", "DG"}) || v.Peers.Kind != "Landkreis" {
			t.Errorf("Gemeinde: %v, %v, kind %q", err, keysOf(v.Series.Columns), v.Peers.Kind)
		}
		// No region: Deutschland alone.
		if v, err = f.svc.Monitoring(ctx, "ALQ-AUSL", monitoring.MonitoringQuery{}); err != nil || !slices.Equal(keysOf(v.Series.Columns), []string{"DG"}) {
			t.Errorf("default: %v, %v", err, keysOf(v.Series.Columns))
		}

		// The time series alone, as the API asks for it.
		s, err := f.svc.Series(ctx, "ALQ-AUSL", monitoring.SeriesQuery{Region: "08111"})
		if err != nil || !slices.Equal(keysOf(s.Series.Columns), []string{"08111", "08", "DG"}) || len(s.Changes) != 3 {
			t.Errorf("series: %v, %v", err, keysOf(s.Series.Columns))
		}
	})
}

// TestMonitoringPeers: the peer groups as lines and as median per year.
func TestMonitoringPeers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		series := func(q monitoring.SeriesQuery) monitoring.SeriesView {
			t.Helper()
			v, err := f.svc.Series(ctx, "ALQ-AUSL", q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			return v
		}
		// Stadtkreise: Stuttgart, Heidelberg, Mannheim.
		v := series(monitoring.SeriesQuery{Region: "08111", Peers: "kind"})
		if v.Peers.Choice != monitoring.PeersKind || v.Peers.Kind != "Stadtkreis" || len(v.Peers.Members) != 3 {
			t.Fatalf("peers %+v", v.Peers)
		}
		med := v.Series.Columns[len(v.Series.Columns)-1]
		if !med.Median() || med.Key != "median:kind" || med.Size != 3 || med.Kind != "Stadtkreis" || med.MedianMessageID() != "monitoring.peers.median.kind" {
			t.Fatalf("median column %+v", med)
		}
		// 2019: 10, 12, 14; 2021: only Stuttgart; 2022: 8.5 and 15, Heidelberg is secret.
		for year, want := range map[string]struct {
			value float64
			n     int
		}{"2019": {12, 3}, "2021": {11, 1}, "2022": {11.75, 2}} {
			if c := med.Cells[year]; c.Symbol != "" || !near(c.Value, want.value) || med.Counts[year] != want.n {
				t.Errorf("median %s = %+v (n = %d), want %v (n = %d)", year, c, med.Counts[year], want.value, want.n)
			}
		}
		if c := v.Changes[len(v.Changes)-1]; !c.Has || !near(c.Diff, -0.25) || c.Verdict != monitoring.VerdictBetter {
			t.Errorf("median's change %+v", c)
		}

		// The network: Freudental counts with its Kreis Ludwigsburg, the office with München.
		v = series(monitoring.SeriesQuery{Region: "08111", Peers: "network"})
		med = v.Series.Columns[len(v.Series.Columns)-1]
		if len(v.Peers.Members) != 2 || v.Peers.Members[0].Key != "08118" || v.Peers.Members[1].Key != "09162" ||
			med.Key != "median:network" || !near(med.Cells["2019"].Value, 8.25) || med.Counts["2022"] != 2 {
			t.Errorf("network: members %v, median %+v", v.Peers.Members, med)
		}

		// A small own selection: one line each, in the order typed; a key typed
		// without choosing the group still means it.
		v = series(monitoring.SeriesQuery{Region: "08111", PeerKeys: "09162, 08118,09162"})
		if got := keysOf(v.Series.Columns); !slices.Equal(got, []string{"08111", "08", "DG", "09162", "08118"}) {
			t.Fatalf("own selection %v", got)
		}
		if c := v.Series.Columns[4]; c.Role != monitoring.RolePeer || c.Name != "Ludwigsburg" || c.Cells["2021"].Symbol != "." {
			t.Errorf("peer line %+v", c)
		}
		// More than five: their median.
		v = series(monitoring.SeriesQuery{Region: "08111", Peers: "custom", PeerKeys: "08111,08118,08221,08222,09162,08"})
		med = v.Series.Columns[len(v.Series.Columns)-1]
		if !med.Median() || med.Size != 6 || med.Counts["2019"] != 6 || !near(med.Cells["2019"].Value, 9.75) {
			t.Errorf("large own selection %v, median %+v", keysOf(v.Series.Columns), med)
		}
	})
}

// TestMonitoringBadInput: what a reader typed wrong is reported field by field, in
// German as before, beside the defaults.
func TestMonitoringBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		_, err := f.svc.Monitoring(ctx, "gibt-es-nicht", monitoring.MonitoringQuery{})
		wantErr(t, "unknown indicator", err, teilhabe.ENOTFOUND, "monitoring.error.no_indicator")
		if msg, _ := bundle.For("de").Error(err); msg != "Indikator GIBT-ES-NICHT wurde nicht gefunden." {
			t.Errorf("German: %q", msg)
		}

		for _, tc := range []struct {
			name   string
			q      monitoring.MonitoringQuery
			fields map[string]string // field → German message
			check  func(v monitoring.MonitoringView) bool
		}{
			{"unknown region, bad year", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "XYZ123"}, Year: "abc"},
				map[string]string{
					"region": "Ein Gebiet „XYZ123“ gibt es nicht. Bitte einen Regionalschlüssel (z. B. 08111) oder Namen angeben; gezeigt wird Deutschland.",
					"year":   "Das Jahr „abc“ ist keine vierstellige Jahreszahl. Werte gibt es für 2019 bis 2022; gezeigt wird 2022.",
				},
				func(v monitoring.MonitoringView) bool {
					return v.Region.Key == "DG" && slices.Equal(keysOf(v.Series.Columns), []string{"DG"}) && v.Year == "2022" && len(v.Ranking) == 5
				}},
			{"year without values", monitoring.MonitoringQuery{Year: "1999"},
				map[string]string{"year": "Für das Jahr 1999 gibt es keine Werte der Kreise. Werte gibt es für 2019 bis 2022; gezeigt wird 2022."},
				func(v monitoring.MonitoringView) bool { return v.Year == "2022" }},
			{"no Kreis type for the Bund", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "DG", Peers: "kind"}},
				map[string]string{"peers": "„Deutschland“ liegt in keinem Kreis; Kreise gleichen Typs gibt es nur für Kreise und Gemeinden."},
				func(v monitoring.MonitoringView) bool {
					return v.Peers.Choice == monitoring.PeersNone && v.Peers.Selected == monitoring.PeersKind && len(v.Series.Columns) == 1
				}},
			{"unknown group", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "08111", Peers: "galaxis"}},
				map[string]string{"peers": "Unbekannte Vergleichsgruppe „galaxis“."},
				func(v monitoring.MonitoringView) bool {
					return v.Peers.Choice == monitoring.PeersNone && v.Peers.Selected == monitoring.PeersNone && len(v.Series.Columns) == 3
				}},
			{"malformed keys", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "08111", PeerKeys: "8111, 08118, abc"}},
				map[string]string{"peer_keys": "Kein Regionalschlüssel: „8111“, „abc“. Schlüssel haben 2, 3, 5, 8, 9 oder 12 Ziffern, DG steht für Deutschland."},
				func(v monitoring.MonitoringView) bool {
					return v.Peers.Choice == monitoring.PeersNone && v.Peers.Selected == monitoring.PeersCustom && len(v.Series.Columns) == 3
				}},
			{"unknown keys", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "08111", PeerKeys: "08118,99999,99998"}},
				map[string]string{"peer_keys": "Unbekannte Regionalschlüssel: 99999, 99998."}, nil},
			{"no keys", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "08111", Peers: "custom", PeerKeys: " , "}},
				map[string]string{"peer_keys": "Bitte mindestens einen Regionalschlüssel angeben, durch Kommas getrennt (z. B. 08111, 08118)."}, nil},
			{"too many keys", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "08111", PeerKeys: manyKeys(monitoring.MaxPeerKeys + 1)}},
				map[string]string{"peer_keys": "Höchstens 500 Gebiete, bitte die Auswahl verkleinern."}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				v, err := f.svc.Monitoring(ctx, "ALQ-AUSL", tc.q)
				wantErr(t, tc.name, err, teilhabe.EINVALID, "monitoring.error.selection")
				if got := germanFields(err); len(got) != len(tc.fields) {
					t.Errorf("fields %v, want %v", got, tc.fields)
				} else {
					for field, want := range tc.fields {
						if got[field] != want {
							t.Errorf("%s: %q, want %q", field, got[field], want)
						}
					}
				}
				for _, lang := range i18n.Languages {
					msg, fields := bundle.For(lang).Error(err)
					for _, s := range append([]string{msg}, fieldMessages(fields)...) {
						if strings.HasPrefix(s, "monitoring.") || strings.Contains(s, "<no value>") {
							t.Errorf("%s: %q", lang, s)
						}
					}
				}
				if v.Indicator.Code != "ALQ-AUSL" || v.Region.Key == "" || len(v.Series.Columns) == 0 {
					t.Errorf("no defaults beside the error: %+v", v.SeriesView)
				}
				if tc.check != nil && !tc.check(v) {
					t.Errorf("defaults: region %s, columns %v, year %s, peers %+v", v.Region.Key, keysOf(v.Series.Columns), v.Year, v.Peers)
				}
			})
		}
	})
}

func fieldMessages(fs []i18n.FieldMessage) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Message)
	}
	return out
}

func manyKeys(n int) string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "08" + string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
	}
	keys[n-1] = "081110000000" // a 501st distinct key
	return strings.Join(keys, ",")
}

// TestWritesNeedAnAdmin: importing tables and saving indicators is for platform
// admins; the command line runs as the system.
func TestWritesNeedAnAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		anonymous := context.Background()
		commissioner := storetest.As(t, db, f.commissioner.ID)
		admin := storetest.As(t, db, f.admin.ID)
		files := []monitoring.TableFile{{Name: "13211.csv", Read: unemployment}}
		ind := monitoring.Indicator{Code: "alq-ausl-10", Name: "Zehnfache Quote", ActionField: "arbeit", Unit: "‰", Better: monitoring.LowerIsBetter,
			Kind: monitoring.KindValue, A: monitoring.SeriesRef{Table: "13211-02-04-4", Series: "Arbeitslosenquote bez. auf abhäng. Erwerbsp. | Ausländer", Unit: "Prozent"}, Factor: 10}

		for _, tc := range []struct {
			ctx  context.Context
			code string
		}{{anonymous, teilhabe.EUNAUTHORIZED}, {commissioner, teilhabe.EFORBIDDEN}} {
			_, err := f.svc.ImportTables(tc.ctx, files, monitoring.ImportOptions{})
			wantErr(t, "import", err, tc.code, "")
			_, err = f.svc.SaveIndicator(tc.ctx, ind)
			wantErr(t, "save indicator", err, tc.code, "")
			// Refused before anything is looked at: even bad input gets the same answer.
			_, err = f.svc.ImportTables(tc.ctx, nil, monitoring.ImportOptions{})
			wantErr(t, "import nothing", err, tc.code, "")
		}
		if _, err := f.svc.Indicator(anonymous, "ALQ-AUSL-10"); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Fatalf("a refused indicator was saved: %v", err)
		}

		// An admin imports (again, replacing the table) and saves.
		replace := monitoring.ImportOptions{ReplaceTable: true}
		res, err := f.svc.ImportTables(admin, files, replace)
		if r := res; err != nil || len(r) != 1 || r[0].Result.Table != "13211-02-04-4" || !r[0].Result.TableReplaced || r[0].Result.Removed != 20 ||
			r[0].Result.Added != 20 || r[0].Summary.Encoding != "UTF-8" {
			t.Fatalf("admin import: %+v, %v", res, err)
		}
		saved, err := f.svc.SaveIndicator(admin, ind)
		if err != nil || saved.Code != "ALQ-AUSL-10" {
			t.Fatalf("admin save: %+v, %v", saved, err)
		}
		_, vals, err := f.svc.Values(anonymous, "alq-ausl-10", monitoring.IndicatorFilter{Region: "08111", Period: "2022"})
		if err != nil || len(vals) != 1 || !near(vals[0].Value, 85) {
			t.Fatalf("values of the new indicator: %+v, %v", vals, err)
		}
		saved.Name = "Zehnfache Quote der Ausländer"
		if _, err := f.svc.SaveIndicator(admin, saved); err != nil {
			t.Fatal(err)
		}
		// The command line imports as the system.
		if _, err := f.svc.ImportTables(accounts.WithPrincipal(anonymous, accounts.System("cli")), files, replace); err != nil {
			t.Fatalf("system import: %v", err)
		}

		// Each write is audited with who did it.
		events, err := db.Audit().Events(anonymous, audit.Filter{Entity: "stat_table"})
		if err != nil || len(events) != 3 || events[0].Actor != "cli" || events[1].Actor != "admin@example.de" || events[1].ActorID != f.admin.ID || events[2].Actor != "test" {
			t.Fatalf("import audit: %+v, %v", events, err)
		}
		events, _ = db.Audit().Events(anonymous, audit.Filter{Entity: "indicator", EntityID: "ALQ-AUSL-10"})
		if len(events) != 2 || events[0].Action != "update" || events[1].Action != "create" || events[1].Before != "" || !strings.Contains(events[0].Before, "Zehnfache Quote") {
			t.Fatalf("indicator audit: %+v", events)
		}

		// An admin's bad input: every field at once, in German as before.
		_, err = f.svc.SaveIndicator(admin, monitoring.Indicator{Code: "mit leerzeichen", Kind: monitoring.KindRatio, A: ind.A})
		wantErr(t, "bad indicator", err, teilhabe.EINVALID, "monitoring.error.indicator_incomplete")
		fields := germanFields(err)
		if len(fields) != 5 || fields["code"] != "Bitte ein Kürzel ohne Leerzeichen angeben, z. B. ALQ-AUSL-DIFF." ||
			fields["b_series"] != "Bitte die zweite Reihe angeben (Nenner bzw. abzuziehender Wert)." {
			t.Errorf("fields %v", fields)
		}
		_, err = f.svc.ImportTables(admin, nil, monitoring.ImportOptions{})
		wantErr(t, "no files", err, teilhabe.EINVALID, "monitoring.error.no_files")
		_, err = f.svc.ImportTables(admin, []monitoring.TableFile{{Name: "a.csv", Read: unemployment}, {Name: "b.csv", Read: unemployment}}, replace)
		wantErr(t, "one table twice", err, teilhabe.EINVALID, "monitoring.error.same_table")
		if msg, _ := bundle.For("de").Error(err); msg != "a.csv und b.csv enthalten dieselbe Tabelle 13211-02-04-4." {
			t.Errorf("German: %q", msg)
		}
		empty := func(monitoring.Sink) (monitoring.Summary, error) { return monitoring.Summary{}, nil }
		_, err = f.svc.ImportTables(admin, []monitoring.TableFile{{Name: "leer.csv", Read: empty}}, monitoring.ImportOptions{})
		wantErr(t, "no table", err, teilhabe.EINVALID, "monitoring.error.no_table")
		if events, _ := db.Audit().Events(anonymous, audit.Filter{Entity: "stat_table"}); len(events) != 3 {
			t.Errorf("a failed import was audited: %d events", len(events))
		}
	})
}

// TestValuesAndExport: the API's filter and the export of observations, both public.
func TestValuesAndExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		_, vals, err := f.svc.Values(ctx, "ALQ-AUSL", monitoring.IndicatorFilter{Level: regions.LevelKreis, Period: "2022"})
		if err != nil || len(vals) != 5 {
			t.Fatalf("values: %+v, %v", vals, err)
		}
		// Every bad parameter at once, before the indicator is looked up.
		_, _, err = f.svc.Values(ctx, "GIBT-ES-NICHT", monitoring.IndicatorFilter{Region: "8111", Level: "stadt", Period: "15"})
		wantErr(t, "bad filter", err, teilhabe.EINVALID, "")
		if got := germanFields(err); len(got) != 3 || got["region"] != "„8111“ ist kein Gebietsschlüssel (DG oder 2, 3, 5, 8, 9 oder 12 Ziffern)." || got["level"] == "" || got["year"] != "„15“ ist keine Jahreszahl." {
			t.Errorf("fields %v", got)
		}
		_, _, err = f.svc.Values(ctx, "GIBT-ES-NICHT", monitoring.IndicatorFilter{})
		wantErr(t, "unknown indicator", err, teilhabe.ENOTFOUND, "monitoring.error.no_indicator")

		opened := false
		var buf bytes.Buffer
		open := func() io.Writer { opened = true; return &buf }
		err = f.svc.Export(ctx, monitoring.ObservationFilter{Regions: []string{"abc"}}, "xml", open)
		wantErr(t, "bad export", err, teilhabe.EINVALID, "")
		if got := germanFields(err); got["format"] != "Das Format muss csv oder json sein." || got["region"] == "" || opened {
			t.Errorf("fields %v, opened %v", got, opened)
		}
		if err := f.svc.Export(ctx, monitoring.ObservationFilter{Table: " 13211-02-04-4 ", Regions: []string{"dg"}}, "csv", open); err != nil {
			t.Fatal(err)
		}
		if want := "table,series,unit,region_key,region_name,period,breakdown,value,symbol\n" +
			"13211-02-04-4,Arbeitslosenquote bez. auf abhäng. Erwerbsp. | Ausländer,Prozent,DG,Deutschland,2019,,12,\n"; !strings.HasPrefix(buf.String(), want) {
			t.Errorf("csv:\n%s", buf.String())
		}
	})
}

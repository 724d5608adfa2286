package regions_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The use cases of package regions run here over the real store on both engines.
// Reading needs nobody; importing acts as a user (storetest.As) or as the system.

var asOf = time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)

// system is how the command line acts.
var system = accounts.WithPrincipal(context.Background(), accounts.System("test"))

var german = func() *i18n.Localizer {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b.For("de")
}()

// testRegions is a small, consistent hierarchy: Stuttgart and part of the Landkreis
// Ludwigsburg in Baden-Württemberg, and Bayern.
func testRegions() []regions.Region {
	r := func(key, ars, name string, level regions.Level, kind, parent string, pop int64) regions.Region {
		return regions.Region{Key: key, ARS: ars, Name: name, Level: level, Kind: kind, ParentKey: parent,
			AreaKm2: 1.5, Population: pop, PopulationMale: pop / 2, PopulationFemale: pop - pop/2, PopulationDate: asOf, ValidFrom: asOf}
	}
	return []regions.Region{
		r("DG", regions.ARSBund, "Deutschland", regions.LevelBund, "Bund", "", 2000),
		r("08", "08", "Baden-Württemberg", regions.LevelLand, "Land", "DG", 1000),
		r("081", "081", "Stuttgart", regions.LevelRegierungsbezirk, "Regierungsbezirk", "08", 1000),
		r("08111", "08111", "Stuttgart, Landeshauptstadt", regions.LevelKreis, "Stadtkreis", "081", 600),
		r("08118", "08118", "Ludwigsburg", regions.LevelKreis, "Landkreis", "081", 400),
		r("081110000", "081110000", "Stuttgart, Landeshauptstadt", regions.LevelGemeindeverband, "Verbandsfreie Gemeinde", "08111", 600),
		r("08111000", "081110000000", "Stuttgart, Landeshauptstadt", regions.LevelGemeinde, "Stadtkreis", "081110000", 600),
		r("081185001", "081185001", "Besigheim", regions.LevelGemeindeverband, "Verwaltungsverband", "08118", 400),
		r("08118016", "081185001016", "Freudental", regions.LevelGemeinde, "Kreisangehörige Gemeinde", "081185001", 150),
		r("08118079", "081185001079", "Löchgau", regions.LevelGemeinde, "Kreisangehörige Gemeinde", "081185001", 250),
		r("09", "09", "Bayern", regions.LevelLand, "Land", "DG", 1000),
	}
}

// loaded returns the service over a database with testRegions.
func loaded(t *testing.T, db *store.DB) *regions.Service {
	t.Helper()
	svc := regions.NewService(db.Regions())
	if _, err := svc.Import(system, testRegions(), "test"); err != nil {
		t.Fatal(err)
	}
	return svc
}

func keysOf(list []regions.Region) []string {
	var ks []string
	for _, r := range list {
		ks = append(ks, r.Key)
	}
	return ks
}

func wantErr(t *testing.T, what string, err error, code, id string) {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil || e.Code != code || e.MessageID() != id {
		t.Fatalf("%s: %v; want %s %s", what, err, code, id)
	}
}

func TestFind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := loaded(t, db), context.Background()
		for _, c := range []struct {
			f     regions.Filter
			want  []string
			total int
		}{
			// A name's whole prefix first, then by level and population.
			{regions.Filter{Query: "Stutt"}, []string{"081", "08111", "081110000", "08111000"}, 4},
			{regions.Filter{Query: "stutt", Level: regions.LevelGemeinde}, []string{"08111000"}, 1},
			{regions.Filter{Query: "Lochgau"}, []string{"08118079"}, 1},  // without umlaut dots
			{regions.Filter{Query: "Loechgau"}, []string{"08118079"}, 1}, // umlaut spelt out
			{regions.Filter{Query: "08118"}, []string{"08118", "081185001", "08118079", "08118016"}, 4},
			{regions.Filter{Query: "081185001016"}, []string{"08118016"}, 1}, // a Gemeinde's ARS
			{regions.Filter{Parent: "DG"}, []string{"08", "09"}, 2},
			{regions.Filter{Level: regions.LevelKreis, Limit: 1, Offset: 1}, []string{"08111"}, 2}, // by name
			{regions.Filter{Query: "Hamburg"}, nil, 0},
		} {
			list, total, err := svc.Find(ctx, c.f)
			if err != nil || !slices.Equal(keysOf(list), c.want) || total != c.total {
				t.Errorf("Find(%+v) = %v (%d), %v; want %v (%d)", c.f, keysOf(list), total, err, c.want, c.total)
			}
		}
		_, _, err := svc.Find(ctx, regions.Filter{Level: "stadt"})
		wantErr(t, "unknown level", err, teilhabe.EINVALID, "regions.error.level")
		if e := teilhabe.AsError(err); len(e.Fields) != 1 || e.Fields[0].Field != "level" {
			t.Errorf("unknown level: fields %+v", e.Fields)
		}
	})
}

func TestRegionByKeyAndARS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := loaded(t, db), context.Background()
		for _, key := range []string{"08118016", "081185001016", " 08118016 "} {
			r, err := svc.Region(ctx, key)
			if err != nil || r.Key != "08118016" || r.Name != "Freudental" || r.ARS != "081185001016" || r.Population != 150 {
				t.Errorf("Region(%q) = %+v, %v", key, r, err)
			}
		}
		if r, err := svc.Region(ctx, "dg"); err != nil || r.Key != "DG" {
			t.Errorf("Region(dg) = %+v, %v", r, err)
		}
		for _, key := range []string{"99999", "abc", "081185001099", ""} {
			_, err := svc.Region(ctx, key)
			wantErr(t, key, err, teilhabe.ENOTFOUND, "regions.error.not_found")
		}
		_, err := svc.Region(ctx, "99999")
		if msg, _ := german.Error(err); msg != "Gebiet 99999 wurde nicht gefunden." {
			t.Errorf("German message %q", msg)
		}
	})
}

func TestDetailHasAncestorsAndChildren(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := loaded(t, db), context.Background()
		for _, c := range []struct {
			key       string
			ancestors []string
			children  int
		}{
			{"081185001016", []string{"DG", "08", "081", "08118", "081185001"}, 0}, // by ARS
			{"08118", []string{"DG", "08", "081"}, 1},
			{"081185001", []string{"DG", "08", "081", "08118"}, 2},
			{"DG", nil, 2},
		} {
			d, err := svc.Detail(ctx, c.key)
			if err != nil || !slices.Equal(keysOf(d.Ancestors), c.ancestors) || d.Children != c.children {
				t.Errorf("Detail(%s) = %v, %d children, %v; want %v, %d", c.key, keysOf(d.Ancestors), d.Children, err, c.ancestors, c.children)
			}
		}
		if d, _ := svc.Detail(ctx, "081185001016"); d.Region.Key != "08118016" {
			t.Errorf("Detail by ARS is %s", d.Region.Key)
		}
		_, err := svc.Detail(ctx, "08119")
		wantErr(t, "unknown key", err, teilhabe.ENOTFOUND, "regions.error.not_found")
	})
}

func TestGemeindenOfAKreis(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := loaded(t, db), context.Background()
		// Across the Gemeindeverbände, the largest first.
		list, total, err := svc.Gemeinden(ctx, "08118")
		if err != nil || !slices.Equal(keysOf(list), []string{"08118079", "08118016"}) || total != 2 {
			t.Errorf("Gemeinden(08118) = %v (%d), %v", keysOf(list), total, err)
		}
		if list, total, err := svc.Gemeinden(ctx, "08119"); err != nil || len(list) != 0 || total != 0 {
			t.Errorf("Gemeinden of a Kreis without any: %v (%d), %v", keysOf(list), total, err)
		}
		for _, key := range []string{"08", "081185001", "DG"} {
			_, _, err := svc.Gemeinden(ctx, key)
			wantErr(t, key, err, teilhabe.ENOTFOUND, "regions.error.not_found")
		}
	})
}

func TestNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := loaded(t, db), context.Background()
		keys := []string{"08118", "08", "08118", "99999", "08111000"}
		names, err := svc.Names(ctx, keys)
		want := map[string]string{"08118": "Landkreis Ludwigsburg", "08": "Baden-Württemberg", "08111000": "Stuttgart, Landeshauptstadt"}
		if err != nil || len(names) != len(want) {
			t.Fatalf("Names = %v, %v", names, err)
		}
		for k, v := range want {
			if names[k] != v {
				t.Errorf("%s: %q, want %q", k, names[k], v)
			}
		}
		if keys[0] != "08118" || keys[3] != "99999" {
			t.Errorf("the caller's keys were reordered: %v", keys)
		}
	})
}

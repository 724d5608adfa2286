package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestPeerRegions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := teilhabe.WithActor(context.Background(), teilhabe.System("test"))
		if _, err := storetest.ImportRegions(ctx, db, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Statistics().NetworkRegions(ctx); err != nil || len(got) != 0 {
			t.Fatalf("no network yet: %v, %v", got, err)
		}
		org := func(name, key string, kind accounts.OrgKind) accounts.Organisation {
			return storetest.Organisation(t, db, accounts.Organisation{Kind: kind, Name: name, RegionKey: key})
		}
		lb := org("Landratsamt Ludwigsburg", "08118", accounts.KindMunicipality)
		stgt := org("Stadt Stuttgart", "08111000", accounts.KindMunicipality)
		office := org("Geschäftsstelle", "08111000", accounts.KindNetwork)
		org("Gemeinde Freudental", "08118016", accounts.KindMunicipality) // no member: not in the network
		storetest.User(t, db, accounts.NewUser{Email: "a@example.de", Name: "A"},
			accounts.Membership{Organisation: lb, Role: accounts.RoleNetworkMember},
			accounts.Membership{Organisation: stgt, Role: accounts.RoleCommissioner},
			accounts.Membership{Organisation: office, Role: accounts.RoleNetworkOffice})
		got, err := db.Statistics().NetworkRegions(ctx)
		if err != nil || !slices.Equal(got, []string{"08111000", "08118"}) {
			t.Fatalf("network regions = %v, %v", got, err)
		}
		kreise, err := db.Statistics().RegionsOfKind(ctx, regions.LevelKreis, "Test")
		if err != nil || len(kreise) != 2 || kreise[0].Key != "08111" {
			t.Fatalf("Kreise of kind Test = %v, %v", kreise, err)
		}
		if none, err := db.Statistics().RegionsOfKind(ctx, regions.LevelKreis, "Landkreis"); err != nil || len(none) != 0 {
			t.Fatalf("Landkreise = %v, %v", none, err)
		}
		if r, err := db.Statistics().Region(ctx, "081185001016"); err != nil || r.Key != "08118016" {
			t.Fatalf("region by ARS = %+v, %v", r, err)
		}
		if _, err := db.Statistics().Region(ctx, "99999"); teilhabe.AsError(err) == nil || teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Fatalf("unknown region: %#v", err)
		}
		byKeys, err := db.Statistics().RegionsByKeys(ctx, []string{"08118", "99999", "08"})
		if err != nil || len(byKeys) != 2 || byKeys[0].Key != "08" || byKeys[1].Key != "08118" {
			t.Fatalf("regions by keys = %v, %v", byKeys, err)
		}
	})
}

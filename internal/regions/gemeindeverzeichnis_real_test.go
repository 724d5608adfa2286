package regions

import (
	"bytes"
	"slices"
	"testing"
)

// TestParseRealGemeindeverzeichnis reads the unchanged Destatis extract. The
// totals were checked independently of this parser (a Python sum over the
// Gemeinde rows) and match Destatis' published 83,166,711 for 31.12.2019.
func TestParseRealGemeindeverzeichnis(t *testing.T) {
	regions, err := ParseGemeindeverzeichnis(bytes.NewReader(readRealFile(t)), "gemeindeverzeichnis-2019-12-31.csv", gebietsstand)
	if err != nil {
		t.Fatal(err)
	}
	count := map[Level]int{}
	byKey := map[string]Region{}
	for i, r := range regions {
		count[r.Level]++
		byKey[r.Key] = r
		if i > 0 && regions[i-1].Level.Rank() == r.Level.Rank() && regions[i-1].Key >= r.Key {
			t.Errorf("not sorted at %d: %s before %s", i, regions[i-1].Key, r.Key)
		}
		if !r.ValidFrom.Equal(gebietsstand) || !r.PopulationDate.Equal(gebietsstand) {
			t.Errorf("%s: dates %v %v", r.Key, r.ValidFrom, r.PopulationDate)
		}
	}
	wantCount := map[Level]int{LevelBund: 1, LevelLand: 16, LevelRegierungsbezirk: 29, LevelKreis: 401, LevelGemeindeverband: 4606, LevelGemeinde: 11004}
	for l, n := range wantCount {
		if count[l] != n {
			t.Errorf("%s: %d regions, want %d", l, count[l], n)
		}
	}
	if len(regions) != 16057 {
		t.Errorf("%d regions, want 16057", len(regions))
	}

	de := regions[0]
	if de.Key != KeyBund || de.Population != 83166711 || de.PopulationMale+de.PopulationFemale != de.Population || de.AreaKm2 != 357580.73 {
		t.Errorf("Bund: %+v", de)
	}

	// Every region's figures are the sum of its children's.
	type sums struct{ area, pop, male, female int64 }
	children := map[string]sums{}
	for _, r := range regions {
		if r.ParentKey == "" {
			continue
		}
		s := children[r.ParentKey]
		s.area += int64(r.AreaKm2*100 + 0.5)
		s.pop += r.Population
		s.male += r.PopulationMale
		s.female += r.PopulationFemale
		children[r.ParentKey] = s
	}
	for _, r := range regions {
		if r.Level == LevelGemeinde {
			continue
		}
		s := children[r.Key]
		if s.pop != r.Population || s.male != r.PopulationMale || s.female != r.PopulationFemale || s.area != int64(r.AreaKm2*100+0.5) {
			t.Errorf("%s %s: %+v, children sum to %+v", r.Key, r.Name, r, s)
		}
	}

	stuttgart := byKey["08111000"]
	want := Region{Key: "08111000", ARS: "081110000000", Name: "Stuttgart, Landeshauptstadt", Level: LevelGemeinde,
		Kind: "Stadtkreis", ParentKey: "081110000", AreaKm2: 207.33, Population: 635911, PopulationMale: 317794,
		PopulationFemale: 318117, PopulationDate: gebietsstand, Postcode: "70173", ValidFrom: gebietsstand}
	if stuttgart != want {
		t.Errorf("Stuttgart\n got %+v\nwant %+v", stuttgart, want)
	}
	if k := byKey["08111"]; k.Kind != "Stadtkreis" || k.Level != LevelKreis || k.ParentKey != "081" || k.Population != 635911 {
		t.Errorf("Stadtkreis Stuttgart: %+v", k)
	}
	var chain []string
	for k := "08111000"; k != ""; k = byKey[k].ParentKey {
		chain = append(chain, k)
		if len(chain) > 6 {
			break
		}
	}
	if got, want := chain, []string{"08111000", "081110000", "08111", "081", "08", "DG"}; !slices.Equal(got, want) {
		t.Errorf("parent chain of Stuttgart %v, want %v", got, want)
	}
	if l := byKey["08"]; l.Name != "Baden-Württemberg" || l.Kind != "Land" || l.ARS != "08" {
		t.Errorf("Land 08: %+v", l)
	}
	// Kreise of a Land without Regierungsbezirke hang directly below the Land.
	if k := byKey["01003"]; k.Name != "Lübeck, Hansestadt" || k.Kind != "Kreisfreie Stadt" || k.ParentKey != "01" {
		t.Errorf("Lübeck: %+v", k)
	}
	// Kreis 00 without a Kreis record: the Gemeindeverband hangs below the Land.
	if gv, g := byKey["130009999"], byKey["13000999"]; gv.ParentKey != "13" || g.ParentKey != "130009999" || g.Kind != "Gemeindefreies Gebiet, unbewohnt" {
		t.Errorf("Küstengewässer: %+v %+v", gv, g)
	}
	if gv := byKey["070009999"]; gv.ParentKey != "07" || gv.Name != "Gemeinsames deutsch-luxemburgisches Hoheitsgebiet" {
		t.Errorf("Kondominium: %+v", gv)
	}
	// Berlin has a Kreis record 00 of its own.
	if gv, k := byKey["110000000"], byKey["11000"]; gv.ParentKey != "11000" || k.ParentKey != "11" || k.Population != 3669491 {
		t.Errorf("Berlin: %+v %+v", gv, k)
	}
	if g := byKey["10041100"]; g.ParentKey != "100410100" || byKey["10041"].Kind != "Regionalverband" {
		t.Errorf("Saarbrücken: %+v %+v", g, byKey["10041"])
	}
}

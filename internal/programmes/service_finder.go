package programmes

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/teilhabe/teilhabe/internal/programmes/textsearch"
)

// Search answers the public programme finder: the programmes anyone may see
// (Searchable) that match q's text and filters, one page of them with the facet
// counts. The store reads the searchable programmes' facet fields and the text's
// matches in the term index; scoring, filtering, faceting and sorting happen here,
// the same way on both database engines; then the page's programmes are read in
// full, without their sections. Errors: none but faults.
func (s *Service) Search(ctx context.Context, q Query) (Result, error) {
	q = q.Normalize(s.store.Now())
	lands, err := s.store.LandKeys(ctx)
	if err != nil {
		return Result{}, err
	}
	cands, err := s.store.FinderCandidates(ctx, q.Now, q.Sort)
	if err != nil {
		return Result{}, err
	}
	if terms := textsearch.Query(q.Text); len(terms) > 0 {
		weights, err := s.store.TermMatches(ctx, terms)
		if err != nil {
			return Result{}, err
		}
		cands = scoreText(cands, weights, len(terms))
	}
	res := Find(q, cands, lands)
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Programme.ID
	}
	progs, err := s.store.HitProgrammes(ctx, ids)
	if err != nil {
		return Result{}, err
	}
	for i := range res.Hits {
		if p, ok := progs[res.Hits[i].Programme.ID]; ok { // else deleted meanwhile: keep what was read
			res.Hits[i].Programme = p
			res.Hits[i].NextDeadline, res.Hits[i].OpenNow = p.NextDeadline(q.Now), p.OpenCall(q.Now)
		}
	}
	keys := []string{q.Region}
	for _, f := range res.Facets {
		if f.Name == FacetRegion {
			for _, v := range f.Values {
				keys = append(keys, v.Value)
			}
		}
	}
	res.RegionNames, err = s.store.RegionNames(ctx, keys)
	return res, err
}

// BM25's term-frequency saturation: a programme that says "Sprachkurs" thirty
// times is not thirty times as relevant as one that says it once.
const bm25K1 = 1.2

// scoreText keeps the candidates that match every query term (AND) and gives each
// a BM25-like score: for each query term, the saturated weight of its matches times
// the term's rarity among the searchable programmes (idf), so that a rare word of
// the query counts more than one most programmes contain. Rarity is counted among
// the candidates, so drafts influence no ranking.
func scoreText(cands []Candidate, weights map[int64][]float64, nterms int) []Candidate {
	df := make([]float64, nterms)
	for _, c := range cands {
		for i, w := range weights[c.Programme.ID] {
			if w > 0 {
				df[i]++
			}
		}
	}
	n := float64(len(cands))
	out := cands[:0]
	for _, c := range cands {
		ws := weights[c.Programme.ID]
		if ws == nil || slices.Contains(ws, 0) {
			continue
		}
		c.Score = 0
		for i, w := range ws {
			idf := math.Log(1 + (n-df[i]+0.5)/(df[i]+0.5))
			c.Score += idf * w * (bm25K1 + 1) / (w + bm25K1)
		}
		out = append(out, c)
	}
	return out
}

// Match lists the searchable programmes that fit a provider or a need, each with the
// reasons why (MatchProgramme): programmes with an open call first. Region reasons
// carry the names of both regions for the sentence. Errors: EINVALID.
func (s *Service) Match(ctx context.Context, m MatchInput) ([]Match, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	now := s.store.Now()
	cands, err := s.store.FinderCandidates(ctx, now, "")
	if err != nil {
		return nil, err
	}
	// The criteria need no calls: sift with the candidates, then read the
	// programmes that fit in full for the reasons about their calls.
	var ids []int64
	for i := range cands {
		if fits, _ := MatchProgramme(cands[i].Programme, m, now); fits {
			ids = append(ids, cands[i].Programme.ID)
		}
	}
	progs, err := s.store.HitProgrammes(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []Match
	var keys []string
	for _, id := range ids {
		p, ok := progs[id]
		if !ok {
			continue // deleted meanwhile
		}
		fits, reasons := MatchProgramme(&p, m, now)
		if !fits {
			continue // changed meanwhile
		}
		for _, r := range reasons {
			if r.Code == ReasonRegion || r.Code == ReasonRegionPart {
				keys = append(keys, r.Args["programme_region"], r.Args["region"])
			}
		}
		out = append(out, Match{Hit: Hit{Programme: p, NextDeadline: p.NextDeadline(now), OpenNow: p.OpenCall(now)}, Reasons: reasons})
	}
	names, err := s.store.RegionNames(ctx, keys)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, r := range out[i].Reasons {
			if r.Code == ReasonRegion || r.Code == ReasonRegionPart {
				r.Args["programme_region_name"] = cmp.Or(names[r.Args["programme_region"]], r.Args["programme_region"])
				r.Args["region_name"] = cmp.Or(names[r.Args["region"]], r.Args["region"])
			}
		}
	}
	SortMatches(out)
	return out, nil
}

package api

import (
	"net/http"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
)

// The time series of an indicator for one region, as the monitoring page shows it:
// the region beside its Land and the Bund, and beside a peer group (the Kreise of
// the same type, the members of the Qualitätszirkel, or an own selection), each
// region a column of its own or the group's median per year with the number of
// regions that had a number. Unlike the page, bad input is an error: a client must
// never get other data than it asked for.

type regionRefJSON struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

func toRegionRef(r regions.Region) regionRefJSON {
	return regionRefJSON{Key: r.Key, Name: r.Name, Level: string(r.Level)}
}

type peersJSON struct {
	Group   string          `json:"group"`
	Kind    *string         `json:"kind"` // the Kreis type, for group kind
	Members []regionRefJSON `json:"members"`
}

type pointJSON struct {
	Year   string   `json:"year"`
	Value  *float64 `json:"value"` // null when symbol holds an official special sign
	Symbol string   `json:"symbol"`
	N      *int     `json:"n,omitempty"` // a median's: the regions with a number that year
}

type changeJSON struct {
	FromYear string  `json:"from_year"`
	ToYear   string  `json:"to_year"`
	From     float64 `json:"from"`
	To       float64 `json:"to"`
	Diff     float64 `json:"diff"`
	Verdict  string  `json:"verdict"`
}

type columnJSON struct {
	Key    string      `json:"key"`
	Name   string      `json:"name"`
	Role   string      `json:"role"`
	Level  *string     `json:"level"` // null for a median
	Size   *int        `json:"size,omitempty"`
	Values []pointJSON `json:"values"`
	Change *changeJSON `json:"change"` // since the base year; null without numbers then and later
}

type seriesJSON struct {
	Indicator indicatorJSON `json:"indicator"`
	Region    regionRefJSON `json:"region"`
	Peers     *peersJSON    `json:"peers"`
	BaseYear  string        `json:"base_year"`
	Years     []string      `json:"years"`
	Columns   []columnJSON  `json:"columns"`
}

func (a *API) indicatorSeries(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	q := monitoring.SeriesQuery{Region: params.Get("region"), Peers: params.Get("peers"), PeerKeys: params.Get("peer_keys")}
	v, err := a.monitoring.Series(r.Context(), r.PathValue("code"), q)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	l := a.i18n.For(requestLanguage(r))
	out := seriesJSON{Indicator: toIndicatorJSON(v.Indicator), Region: toRegionRef(v.Region), BaseYear: v.BaseYear,
		Years: v.Series.Years, Columns: make([]columnJSON, 0, len(v.Series.Columns))}
	if out.Years == nil {
		out.Years = []string{}
	}
	if g := v.Peers; g.Choice != monitoring.PeersNone {
		p := &peersJSON{Group: string(g.Choice), Members: make([]regionRefJSON, 0, len(g.Members))}
		if g.Choice == monitoring.PeersKind {
			p.Kind = &g.Kind
		}
		for _, m := range g.Members {
			p.Members = append(p.Members, toRegionRef(m))
		}
		out.Peers = p
	}
	for i, c := range v.Series.Columns {
		col := columnJSON{Key: c.Key, Name: c.Name, Role: string(c.Role), Values: []pointJSON{}}
		if c.Median() {
			col.Name = l.T(c.MedianMessageID(), "Kind", c.Kind, "N", c.Size)
			size := c.Size
			col.Size = &size
		} else {
			level := string(c.Level)
			col.Level = &level
		}
		for _, y := range v.Series.Years {
			cell, ok := c.Cells[y]
			if !ok {
				continue
			}
			p := pointJSON{Year: y, Symbol: cell.Symbol}
			if cell.Symbol == "" {
				value := monitoring.Round(cell.Value, 4)
				p.Value = &value
			}
			if c.Median() {
				n := c.Counts[y]
				p.N = &n
			}
			col.Values = append(col.Values, p)
		}
		if ch := v.Changes[i]; ch.Has {
			col.Change = &changeJSON{FromYear: v.BaseYear, ToYear: ch.LatestYear, From: monitoring.Round(ch.From, 4),
				To: monitoring.Round(ch.To, 4), Diff: monitoring.Round(ch.Diff, 4), Verdict: ch.Verdict}
		}
		out.Columns = append(out.Columns, col)
	}
	ok(w, out)
}

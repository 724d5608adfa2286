package reviews_test

import (
	"testing"

	"github.com/teilhabe/teilhabe/internal/reviews"
)

func score(n int) *int { return &n }

func TestWeightedRoundsHalfUp(t *testing.T) {
	three := []reviews.Criterion{{ID: 1, Weight: 1}, {ID: 2, Weight: 1}, {ID: 3, Weight: 1}}
	for _, c := range []struct {
		name     string
		criteria []reviews.Criterion
		scores   []reviews.Score
		want     int
	}{
		{"all fives", three, []reviews.Score{{Criterion: 1, Score: score(5)}, {Criterion: 2, Score: score(5)}, {Criterion: 3, Score: score(5)}}, 500},
		{"all zeros", three, []reviews.Score{{Criterion: 1, Score: score(0)}, {Criterion: 2, Score: score(0)}, {Criterion: 3, Score: score(0)}}, 0},
		// 4/3 = 1.3333… → 1.33
		{"thirds down", three, []reviews.Score{{Criterion: 1, Score: score(1)}, {Criterion: 2, Score: score(1)}, {Criterion: 3, Score: score(2)}}, 133},
		// 5/3 = 1.6666… → 1.67
		{"thirds up", three, []reviews.Score{{Criterion: 1, Score: score(1)}, {Criterion: 2, Score: score(2)}, {Criterion: 3, Score: score(2)}}, 167},
		// (3×2 + 4×1) / 3 = 3.3333… → 3.33
		{"weights", []reviews.Criterion{{ID: 1, Weight: 2}, {ID: 2, Weight: 1}}, []reviews.Score{{Criterion: 1, Score: score(3)}, {Criterion: 2, Score: score(4)}}, 333},
		// (5×1 + 0×7) / 8 = 0.625 → exactly half a hundredth: 0.63
		{"half up", []reviews.Criterion{{ID: 1, Weight: 1}, {ID: 2, Weight: 7}}, []reviews.Score{{Criterion: 1, Score: score(5)}, {Criterion: 2, Score: score(0)}}, 63},
		// (1×1 + 2×7) / 8 = 1.875 → 1.88
		{"half up again", []reviews.Criterion{{ID: 1, Weight: 1}, {ID: 2, Weight: 7}}, []reviews.Score{{Criterion: 1, Score: score(1)}, {Criterion: 2, Score: score(2)}}, 188},
		// (4×3 + 1×97) / 100 = 1.09
		{"large weights", []reviews.Criterion{{ID: 1, Weight: 3}, {ID: 2, Weight: 97}}, []reviews.Score{{Criterion: 1, Score: score(4)}, {Criterion: 2, Score: score(1)}}, 109},
		{"unscored criteria do not count", three, []reviews.Score{{Criterion: 1, Score: score(4)}, {Criterion: 2, Comment: "noch offen"}}, 400},
		{"nothing scored", three, nil, 0},
	} {
		if got := reviews.Weighted(c.scores, c.criteria); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestShareOfWeights(t *testing.T) {
	all := []reviews.Criterion{{Weight: 1}, {Weight: 1}, {Weight: 1}}
	if got := reviews.Share(all[0], all); got != 3333 {
		t.Errorf("a third = %d basis points", got)
	}
	two := []reviews.Criterion{{Weight: 2}, {Weight: 1}}
	if a, b := reviews.Share(two[0], two), reviews.Share(two[1], two); a != 6667 || b != 3333 {
		t.Errorf("2:1 = %d, %d", a, b)
	}
}

package store

import "testing"

func TestKeySuccessorBoundsTheKeysUnderAKey(t *testing.T) {
	for k, want := range map[string]string{"08111": "08112", "08119": "0812", "0": "1", "089": "09", "9": "", "99": "", "": "", "DG": ""} {
		got, ok := keySuccessor(k)
		if got != want || ok != (want != "") {
			t.Errorf("keySuccessor(%q) = %q, %v; want %q", k, got, ok, want)
		}
	}
}

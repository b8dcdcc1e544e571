package connector

import "testing"

// TestIsPlaceholder: one definition of an obvious placeholder for the
// rules and ppconn auth (issue #13: the two copies had drifted, the zero
// GUID was a placeholder for auth only, "@clientId" for the rules only).
func TestIsPlaceholder(t *testing.T) {
	for _, s := range []string{"", "  ", "[[DUMMY]]", "<<Enter your client ID>>", "{{clientId}}", "@@clientId", "@clientId",
		"your-client-id", "dummy", "PLACEHOLDER", "replace me", "my client secret", "xxxx", "****", "00000000-0000-0000-0000-000000000000"} {
		if !IsPlaceholder(s) {
			t.Errorf("IsPlaceholder(%q) = false", s)
		}
	}
	for _, s := range []string{"0e6c3d47-7f5b-4ab6-b1f0-3c0d8a0d9e21", "https://graph.microsoft.com", "contoso"} {
		if IsPlaceholder(s) {
			t.Errorf("IsPlaceholder(%q) = true", s)
		}
	}
}

func TestIsEntraTenant(t *testing.T) {
	for _, s := range []string{"common", "Organizations", "consumers", "contoso.onmicrosoft.com", "0e6c3d47-7f5b-4ab6-b1f0-3c0d8a0d9e21"} {
		if !IsEntraTenant(s) {
			t.Errorf("IsEntraTenant(%q) = false", s)
		}
	}
	for _, s := range []string{"", "contoso", "https://login.microsoftonline.com"} {
		if IsEntraTenant(s) {
			t.Errorf("IsEntraTenant(%q) = true", s)
		}
	}
}

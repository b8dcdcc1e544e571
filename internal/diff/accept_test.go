package diff

import (
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

func acceptPair(t *testing.T, oldSrc, newSrc string) *Report {
	t.Helper()
	old := &Input{Name: "old", Definition: parse("old.json", []byte(oldSrc), "old.json", connector.RoleSwagger, connector.DefaultLimits)}
	new := &Input{Name: "new", Definition: parse("new.json", []byte(newSrc), "new.json", connector.RoleSwagger, connector.DefaultLimits)}
	r, err := Compare(old, new, Options{NoWhatChanged: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const acceptOld = `{"swagger":"2.0","info":{"title":"t","version":"1"},"host":"a.example.com","paths":{"/items":{"get":{"operationId":"ListItems",
 "parameters":[{"name":"top","in":"query","type":"integer"},{"name":"skip","in":"query","type":"integer"}],"responses":{"200":{"description":"ok"}}}}}}`

// TestAcceptRoundTrip: Record writes the breaking changes, Marshal and
// ParseAccept keep them, Accept acknowledges them (Worst no longer sees
// them), an entry without a reason is not used, and an entry whose change
// is gone is stale.
func TestAcceptRoundTrip(t *testing.T) {
	newSrc := strings.Replace(acceptOld, `{"name":"top","in":"query","type":"integer"},`, "", 1)
	r := acceptPair(t, acceptOld, newSrc)
	if w, _ := r.Worst(); w != Breaking {
		t.Fatalf("want a breaking change, got %v", changeLines(r))
	}
	a := Record(r, nil, "")
	if len(a.Entries) != 1 || a.Entries[0].Pointer != "/paths/~1items/get/parameters/query:top" {
		t.Fatalf("entries %+v", a.Entries)
	}
	data, err := a.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseAccept(data, "accept.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	res := r.Accept(back)
	if res.Accepted != 0 || len(res.NoReason) != 1 {
		t.Fatalf("an entry without a reason was used: %+v", res)
	}
	back.Entries[0].Reason = "nobody sets top"
	res = r.Accept(back)
	if _, any := r.Worst(); res.Accepted != 1 || any || r.Summary.Acknowledged != 1 {
		t.Fatalf("not acknowledged: %+v, summary %+v", res, r.Summary)
	}
	// the same removal, but of "skip": another change, and the entry is stale
	r2 := acceptPair(t, acceptOld, strings.Replace(acceptOld, `,{"name":"skip","in":"query","type":"integer"}`, "", 1))
	res = r2.Accept(back)
	if w, _ := r2.Worst(); res.Accepted != 0 || len(res.Stale) != 1 || w != Breaking {
		t.Fatalf("stale entry not reported: %+v", res)
	}
	// kept reasons: recording again keeps the reason of a matching entry
	if again := Record(r, back, "x"); len(again.Entries) != 1 || again.Entries[0].Reason != "nobody sets top" {
		t.Fatalf("Record lost the reason: %+v", again.Entries)
	}
	for _, bad := range []string{"", "version: 2\naccept: []\n", "version: 1\naccept:\n  - fingerprint: xyz\n    reason: r\n", "version: 1\nextra: 1\n"} {
		if _, err := ParseAccept([]byte(bad), "a.yaml"); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestFingerprintNamesParameters: a change inside a parameter has the
// same fingerprint whatever the position of the parameter.
func TestFingerprintNamesParameters(t *testing.T) {
	swapped := strings.Replace(acceptOld, `{"name":"top","in":"query","type":"integer"},{"name":"skip","in":"query","type":"integer"}`,
		`{"name":"skip","in":"query","type":"integer"},{"name":"top","in":"query","type":"integer"}`, 1)
	edit := func(s string) string {
		return strings.Replace(s, `{"name":"top","in":"query","type":"integer"}`, `{"name":"top","in":"query","type":"string"}`, 1)
	}
	a, b := acceptPair(t, acceptOld, edit(acceptOld)), acceptPair(t, swapped, edit(swapped))
	if len(a.Changes) != 1 || len(b.Changes) != 1 || Fingerprint(a.Changes[0]) != Fingerprint(b.Changes[0]) {
		t.Fatalf("fingerprints differ: %v / %v", changeLines(a), changeLines(b))
	}
	if NamedPointer(b.Changes[0]) != "/paths/~1items/get/parameters/query:top/type" {
		t.Fatalf("named pointer %s", NamedPointer(b.Changes[0]))
	}
}

// TestCertification: no change, a minor update (safe changes), a major
// one (a breaking change), and an authentication type change.
func TestCertification(t *testing.T) {
	withAuth := func(s, auth string) string {
		return strings.Replace(s, `"host":"a.example.com",`, `"host":"a.example.com","securityDefinitions":{"k":`+auth+`},`, 1)
	}
	apiKey := `{"type":"apiKey","name":"key","in":"header"}`
	oauth := `{"type":"oauth2","flow":"accessCode","authorizationUrl":"https://login.example.com/a","tokenUrl":"https://login.example.com/t"}`
	old := withAuth(acceptOld, apiKey)
	for _, tt := range []struct {
		name, new, want string
		authChanged     bool
	}{
		{"none", old, "none", false},
		{"minor", strings.Replace(old, `"title":"t"`, `"title":"T"`, 1), "minor", false},
		{"major", strings.Replace(old, `{"name":"top","in":"query","type":"integer"},`, "", 1), "major", false},
		{"auth type", withAuth(acceptOld, oauth), "major", true},
	} {
		c := acceptPair(t, old, tt.new).Certification()
		if c.Update != tt.want || c.AuthTypeChanged != tt.authChanged {
			t.Errorf("%s: %+v", tt.name, c)
		}
		if tt.authChanged && !strings.Contains(c.String(), "changing the authentication type is not allowed for a certified connector") {
			t.Errorf("%s: %s", tt.name, c)
		}
	}
}

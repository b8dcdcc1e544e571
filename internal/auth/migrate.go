package auth

import (
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// migratable are the identity providers whose redirect moves to a
// per-connector URI.
var migratable = []string{"aad", "oauth2", "oauth2generic"}

// Migration is one oAuthSettings moved to GlobalPerConnector.
type Migration struct {
	// Parameter names the connection parameter ("token", or
	// "<set>/token" in a connectionParameterSets value).
	Parameter string
	Provider  string
	// From is the redirect mode it had ("" when it had none).
	From string
	// RedirectURL is a per-connector redirectUrl the file records.
	RedirectURL string
}

// oauthParams lists the oauthSetting parameters of apiProperties.json,
// in connectionParameters and in each connectionParameterSets value, with
// the names shown for them.
func oauthParams(root *connector.Node) (params []*connector.Node, names []string) {
	pr := root.Get("properties")
	for _, p := range pr.Get("connectionParameters").List() {
		if strings.EqualFold(p.Get("type").Str(), "oauthSetting") && p.Get("oAuthSettings").Kind == connector.Object {
			params, names = append(params, p), append(names, p.Key)
		}
	}
	for _, v := range pr.At("connectionParameterSets", "values").List() {
		for _, p := range v.Get("parameters").List() {
			if strings.EqualFold(p.Get("type").Str(), "oauthSetting") && p.Get("oAuthSettings").Kind == connector.Object {
				params, names = append(params, p), append(names, v.Get("name").Str()+"/"+p.Key)
			}
		}
	}
	return params, names
}

// PlanMigrateRedirect moves every aad, oauth2 and oauth2generic
// oAuthSettings whose redirectMode is Global, or missing (which the
// platform reads as Global), to GlobalPerConnector, and removes a
// redirectUrl that is not a per-connector URI (the platform writes the
// connector's own when it is saved). Other modes (Direct) and other
// providers are left alone, with a note. It writes nothing.
func PlanMigrateRedirect(c *Connector) (*Result, []Migration, error) {
	r := &Result{}
	for _, f := range c.Swaggers {
		f.New = f.Raw
	}
	if c.Props == nil {
		return nil, nil, fmt.Errorf("%s: no %s, so no OAuth settings to migrate", c.Dir, PropertiesName)
	}
	p := &editPlan{file: c.Props}
	var moved []Migration
	params, names := oauthParams(c.Props.Doc.Root)
	for i, prm := range params {
		s := prm.Get("oAuthSettings")
		idp := s.Get("identityProvider").Str()
		rm := s.Get("redirectMode")
		switch {
		case !containsFold(migratable, idp):
			r.Notes = append(r.Notes, fmt.Sprintf("%s: %q signs in with identityProvider %q, which ppconn does not migrate", PropertiesName, names[i], idp))
			continue
		case rm != nil && strings.EqualFold(rm.Str(), RedirectPerConnector):
			continue
		case rm != nil && !strings.EqualFold(rm.Str(), RedirectGlobal):
			r.Notes = append(r.Notes, fmt.Sprintf("%s: %q has redirectMode %s, left as it is: only Global (or none) is migrated", PropertiesName, names[i], showValue(rm)))
			continue
		}
		m := Migration{Parameter: names[i], Provider: idp, From: rm.Str()}
		ptr := string(connector.Pointer(s.Pointer()).Child("redirectMode"))
		if rm != nil {
			ptr = rm.Pointer()
		}
		p.set(ptr, rm, RedirectPerConnector)
		if u := s.Get("redirectUrl"); u != nil {
			if u.IsString() && perConnectorRedirect.MatchString(u.Value) {
				m.RedirectURL = u.Value
			} else {
				p.del(u.Pointer(), u)
				r.Notes = append(r.Notes, fmt.Sprintf("%s: %q: removed redirectUrl %s: with GlobalPerConnector the platform writes the connector's own URI when it is saved", PropertiesName, names[i], showValue(u)))
			}
		}
		moved = append(moved, m)
	}
	out, err := p.apply()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", c.Props.Path, err)
	}
	c.Props.New = out
	encodingNote(c.Props, r)
	r.Files = []*File{c.Props}
	r.Secrets = dedupe(p.secrets)
	return r, moved, nil
}

// MigrateSteps are the next steps of ppconn auth migrate-redirect: for
// each provider moved, the redirect URI to register there first, and
// what breaks until it is.
func MigrateSteps(moved []Migration, connectorID string) []string {
	var steps []string
	done := map[string]bool{}
	for _, m := range moved {
		register, first := oauthRegister, oauthFirst
		if m.Provider == "aad" {
			register, first = aadRegister, aadFirst
		}
		if done[first] {
			continue
		}
		done[first] = true
		steps = append(steps, redirectStep(redirectIn{mode: RedirectPerConnector, connectorID: connectorID, fileURL: m.RedirectURL, migrated: true, register: register, first: first}))
	}
	if len(steps) > 0 {
		steps = append(steps, "Then import or update the connector (paconn update, or the portal), and sign in once on a new\n"+
			"connection to check. Existing connections keep working only once the new URI is registered.")
	}
	return steps
}

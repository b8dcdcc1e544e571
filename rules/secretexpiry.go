package rules

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// secretExpiryRules is the family of the client secret's expiry date,
// which .ppconn.yaml records (auth.secret-expires) and no connector file
// holds.
var secretExpiryRules = []*lint.Rule{secretExpiry}

// secretRenewal is how a client secret is renewed, the end of every
// message of the rule.
const secretRenewal = "renew it: a new secret in the app registration, then the Security tab's Client secret or paconn update --secret, and the new date in auth.secret-expires"

var secretExpiry = &lint.Rule{
	ID:     "secret-expiry",
	Level:  lint.Import,
	Title:  "The client secret recorded in .ppconn.yaml (auth.secret-expires) has not expired, nor expires within 30 days",
	Source: "issue #14 item 5 (the seed's \"update your connector authentication\"); L-AAD (client secrets expire, 24 months at most)",
	Since:  since,
	Target: lint.Properties,
	Options: []lint.Option{
		{Name: "expires", Default: "", Doc: "the date (YYYY-MM-DD) the client secret expires; auth.secret-expires in .ppconn.yaml sets it"},
		{Name: "warn-days", Default: 30, Doc: "how many days before the date the rule starts to warn"},
		{Name: "sets", Default: map[string]any{}, Doc: "the dates by connectionParameterSets name; auth.secret-expires in .ppconn.yaml as a mapping sets it"},
	},
	Doc: `A client secret expires (the Entra admin center offers 6 to 24 months), and when it
does every connection of the connector stops signing in, with nothing in the connector's
files to say so. Record the date where ppconn reads it, in .ppconn.yaml:

    auth:
      secret-expires: 2027-03-31

From 30 days before the date (the warn-days option) the rule warns — at most a warning,
whatever the profile — and once the date has passed it reports an error. Run ppconn lint
on a schedule (a daily CI job) so that the warning reaches you in time. The rule reports
nothing when no date is recorded.

To renew: add a new client secret in the app registration (Microsoft Entra admin center >
App registrations > your app > Certificates & secrets; for another provider, its OAuth
app), enter it on the custom connector's Security tab (Client secret) or with
paconn update --secret, then record the new date.

Bad (on 2027-04-02):

    auth:
      secret-expires: 2027-03-31

Good:

    auth:
      secret-expires: 2028-03-31

A multi-auth connector records a date per connectionParameterSets value, by the set's
name; each is checked on its own, at the set's oauthSetting parameter, and a name no set
has is reported:

    auth:
      secret-expires:
        oauth: 2027-03-31
        service-principal: 2026-12-31`,
	Check: func(p *lint.Pass) {
		if raw := strings.TrimSpace(fmt.Sprint(p.Option("expires"))); raw != "" {
			secretExpiryCheck(p, raw, secretParamOf(p.Root), "")
		}
		sets, _ := p.Option("sets").(map[string]any)
		names := make([]string, 0, len(sets))
		for name := range sets {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			set, all := secretSetOf(p.Root, name)
			if set == nil {
				p.Report(lint.Diagnostic{Node: p.Root, AtKey: true, Message: fmt.Sprintf("auth.secret-expires in .ppconn.yaml records a date for the set '%s', which apiProperties.json does not have (its connectionParameterSets are %s): correct the name", name, quoteList(all))})
				continue
			}
			at := secretOAuthParam(set.Get("parameters"))
			if at == nil {
				at = set
			}
			secretExpiryCheck(p, strings.TrimSpace(fmt.Sprint(sets[name])), at, fmt.Sprintf(" of the set '%s'", name))
		}
	},
}

// secretExpiryCheck reports a date that has passed, or comes within the
// warn-days window, at at; of names the set ("" for the connector).
func secretExpiryCheck(p *lint.Pass, raw string, at *connector.Node, of string) {
	date, err := time.Parse(time.DateOnly, raw)
	if err != nil {
		p.Report(lint.Diagnostic{Node: at, AtKey: true, Message: fmt.Sprintf("The client secret's expiry date%s %q (auth.secret-expires in .ppconn.yaml) is not a date: write it as YYYY-MM-DD, such as 2027-03-31", of, raw)})
		return
	}
	y, m, d := p.Now().Date()
	left := int(date.Sub(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	switch warn := p.IntOption("warn-days"); {
	case left < 0:
		p.Report(lint.Diagnostic{Node: at, AtKey: at.IsMember(),
			Message: fmt.Sprintf("The client secret%s expired on %s (%s ago, auth.secret-expires in .ppconn.yaml): connections no longer sign in; %s", of, raw, secretDays(-left), secretRenewal)})
	case left <= warn:
		when := "in " + secretDays(left)
		if left == 0 {
			when = "today"
		}
		p.Report(lint.Diagnostic{Node: at, AtKey: at.IsMember(), Notice: true,
			Message: fmt.Sprintf("The client secret%s expires on %s, %s (auth.secret-expires in .ppconn.yaml): then connections stop signing in; %s", of, raw, when, secretRenewal)})
	}
}

// secretSetOf returns the connectionParameterSets value named name (nil
// when none is), and every set's name.
func secretSetOf(root *connector.Node, name string) (*connector.Node, []string) {
	var all []string
	var found *connector.Node
	for _, v := range root.At("properties", "connectionParameterSets", "values").List() {
		all = append(all, v.Get("name").Str())
		if v.Get("name").Str() == name {
			found = v
		}
	}
	return found, all
}

func secretDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// secretParamOf is where the finding goes: the first oauthSetting
// connection parameter (in connectionParameters, then in the parameter
// sets), else the root of apiProperties.json.
func secretParamOf(root *connector.Node) *connector.Node {
	pr := root.Get("properties")
	if c := secretOAuthParam(pr.Get("connectionParameters")); c != nil {
		return c
	}
	for _, v := range pr.At("connectionParameterSets", "values").List() {
		if c := secretOAuthParam(v.Get("parameters")); c != nil {
			return c
		}
	}
	return root
}

// secretOAuthParam is the first oauthSetting parameter of a map, or nil.
func secretOAuthParam(params *connector.Node) *connector.Node {
	for _, c := range params.List() {
		if strings.EqualFold(c.Get("type").Str(), "oauthSetting") {
			return c
		}
	}
	return nil
}

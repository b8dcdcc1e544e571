package connector

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// EntraLoginURIs are the Microsoft Entra ID sign-in endpoints a
// connector's loginUri may name: the public cloud (both of its names),
// US Government, and the two clouds operated in China. Microsoft Cloud
// Germany (login.microsoftonline.de) closed in October 2021 and is not one.
// The aad-values rule and ppconn auth aad both read this list.
var EntraLoginURIs = []string{
	"https://login.microsoftonline.com", "https://login.windows.net", "https://login.microsoftonline.us",
	"https://login.chinacloudapi.cn", "https://login.partner.microsoftonline.cn",
}

// IsEntraLoginURI reports whether s is one of EntraLoginURIs, ignoring
// case and a trailing slash.
func IsEntraLoginURI(s string) bool {
	s = strings.TrimSuffix(s, "/")
	return slices.ContainsFunc(EntraLoginURIs, func(u string) bool { return strings.EqualFold(u, s) })
}

// EntraLoginHosts are the hosts of EntraLoginURIs.
func EntraLoginHosts() []string {
	hosts := make([]string, 0, len(EntraLoginURIs))
	for _, u := range EntraLoginURIs {
		hosts = append(hosts, strings.TrimPrefix(u, "https://"))
	}
	return hosts
}

// IsEntraLoginHost reports whether the URL raw is on a host of
// EntraLoginURIs.
func IsEntraLoginHost(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && slices.Contains(EntraLoginHosts(), strings.ToLower(u.Hostname()))
}

// EntraTenantWords are the tenant names that stand for a set of tenants
// rather than one: any organization, work or school accounts, personal
// Microsoft accounts.
var EntraTenantWords = []string{"common", "organizations", "consumers"}

var entraTenantID = regexp.MustCompile(`(?i)^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$`)

// IsEntraTenant reports whether s names a tenant: one of
// EntraTenantWords (any case), a tenant GUID or a tenant domain such as
// contoso.onmicrosoft.com. The aad-values rule and ppconn auth aad both
// read it.
func IsEntraTenant(s string) bool {
	return slices.ContainsFunc(EntraTenantWords, func(w string) bool { return strings.EqualFold(w, s) }) ||
		entraTenantID.MatchString(s)
}

// placeholder matches values that are obviously not real: ppconn's own
// placeholder, the dummies the certification repository asks for, and
// those found in published connectors ("[[DUMMY]]", "<<Enter your client
// ID>>", "{{clientId}}", "@@clientId", "your-client-secret", the zero
// GUID, "xxxx", "****").
var placeholder = regexp.MustCompile(`(?i)^\s*$|[\[<{]|@@|^@|your|dummy|placeholder|enter |replace|client[ _-]?secret|^x+$|^\*+$|^[0-]+$`)

// IsPlaceholder reports whether the setting value s is obviously not a
// real one (see placeholder). The rules on apiProperties.json settings and
// ppconn auth read this one definition.
func IsPlaceholder(s string) bool { return placeholder.MatchString(s) }

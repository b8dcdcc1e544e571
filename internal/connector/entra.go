package connector

import (
	"net/url"
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

package rules

import "github.com/ppconn/ppconn/internal/lint"

var versioningRules = []*lint.Rule{}

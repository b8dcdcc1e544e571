package rules

import "github.com/ppconn/ppconn/internal/lint"

var scriptRules = []*lint.Rule{}

package rules

import "github.com/ppconn/ppconn/internal/lint"

var securityRules = []*lint.Rule{}

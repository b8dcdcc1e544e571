package rules

import "github.com/ppconn/ppconn/internal/lint"

var hostRules = []*lint.Rule{}

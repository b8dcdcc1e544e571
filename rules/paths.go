package rules

import "github.com/ppconn/ppconn/internal/lint"

var pathRules = []*lint.Rule{}

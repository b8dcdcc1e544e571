package rules

import "github.com/ppconn/ppconn/internal/lint"

var infoRules = []*lint.Rule{}

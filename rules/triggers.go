package rules

import "github.com/ppconn/ppconn/internal/lint"

var triggerRules = []*lint.Rule{}

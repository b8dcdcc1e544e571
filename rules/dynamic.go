package rules

import "github.com/ppconn/ppconn/internal/lint"

var dynamicRules = []*lint.Rule{}

package rules

import "github.com/ppconn/ppconn/internal/lint"

var parameterRules = []*lint.Rule{}

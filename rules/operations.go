package rules

import "github.com/ppconn/ppconn/internal/lint"

var operationRules = []*lint.Rule{}

package rules

import "github.com/ppconn/ppconn/internal/lint"

var schemaRules = []*lint.Rule{}

package rules

import "github.com/ppconn/ppconn/internal/lint"

var propertyRules = []*lint.Rule{}

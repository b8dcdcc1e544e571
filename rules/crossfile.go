package rules

import "github.com/ppconn/ppconn/internal/lint"

var crossfileRules = []*lint.Rule{}

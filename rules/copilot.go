package rules

import "github.com/ppconn/ppconn/internal/lint"

var copilotRules = []*lint.Rule{}

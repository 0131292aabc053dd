package sideeffect

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// Logging is observability, not an effect: a failure that is only logged
// is not handled, and a log line is not something a duplicate repeats
// harmfully. One recogniser for the checks that ask.

var logPackages = map[string]bool{
	"log": true, "log/slog": true, "fmt": true,
	"github.com/sirupsen/logrus": true, "go.uber.org/zap": true,
	"github.com/rs/zerolog": true, "github.com/rs/zerolog/log": true,
	"github.com/go-kit/log": true, "github.com/go-kit/log/level": true, "github.com/go-kit/kit/log": true,
	"github.com/go-logr/logr": true, "k8s.io/klog/v2": true, "k8s.io/klog": true,
	"github.com/golang/glog": true, "github.com/charmbracelet/log": true,
	"github.com/labstack/gommon/log": true, "github.com/hashicorp/go-hclog": true,
	"github.com/inconshreveable/log15": true, "gopkg.in/inconshreveable/log15.v2": true,
}

var logMethods = map[string]bool{
	"Debug": true, "Debugf": true, "Debugw": true, "Debugln": true,
	"Info": true, "Infof": true, "Infow": true, "Infoln": true,
	"Warn": true, "Warnf": true, "Warnw": true, "Warning": true, "Warningf": true, "Warnln": true,
	"Error": true, "Errorf": true, "Errorw": true, "Errorln": true,
	"Trace": true, "Tracef": true, "Print": true, "Printf": true, "Println": true,
	"Log": true, "Logf": true, "LogAttrs": true, "Msg": true, "Msgf": true, "Send": true,
	"DebugContext": true, "InfoContext": true, "WarnContext": true, "ErrorContext": true,
	"V": true,
}

// IsLogCall reports a call of a logging function or method: one from a
// logging package (fmt's Print family included), or a logging method
// (Info, Printf, ...) on a type whose name says it logs, or on an
// interface.
func IsLogCall(info *types.Info, call *ast.CallExpr) bool {
	fn := typesx.Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	if path == "fmt" {
		return strings.HasPrefix(fn.Name(), "Print") || strings.HasPrefix(fn.Name(), "Fprint")
	}
	if logPackages[path] {
		return true
	}
	if !logMethods[fn.Name()] {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return false
	}
	rt := sig.Recv().Type()
	if p, ok := rt.(*types.Pointer); ok {
		rt = p.Elem()
	}
	if n, ok := types.Unalias(rt).(*types.Named); ok {
		name := strings.ToLower(n.Obj().Name())
		if strings.Contains(name, "log") || name == "entry" || name == "event" {
			return true
		}
	}
	_, isIface := rt.Underlying().(*types.Interface)
	return isIface && fn.Name() != "Send" && fn.Name() != "Error"
}

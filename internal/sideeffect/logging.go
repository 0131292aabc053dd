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

// logPackageNames are the last elements of import paths that name a
// logging package whatever its module (a service's internal/logger, zapcore).
var logPackageNames = map[string]bool{
	"log": true, "slog": true, "glog": true, "klog": true, "zerolog": true, "logrus": true,
	"logr": true, "zap": true, "zapcore": true, "logger": true, "logging": true,
}

// IsLogCall reports a call of a logging function or method (IsLogFunc).
func IsLogCall(info *types.Info, call *ast.CallExpr) bool {
	return IsLogFunc(typesx.Callee(info, call))
}

// IsLogFunc reports a logging function or method: one from a logging
// package (fmt's Print family included; by import path, or by a path whose
// last element names one: internal/logger), a method of a type whose name
// says it logs (Logger, AuditLog), or a logging method (Info, Printf, ...)
// of an interface.
func IsLogFunc(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path := typesx.ImportPath(fn.Pkg())
	if path == "fmt" {
		return strings.HasPrefix(fn.Name(), "Print") || strings.HasPrefix(fn.Name(), "Fprint")
	}
	if logPackages[path] || logPackageNames[path[strings.LastIndex(path, "/")+1:]] {
		return true
	}
	if _, typ := typesx.RecvKey(fn); strings.Contains(typ, "Logger") || strings.HasSuffix(typ, "Log") {
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

// LogsAndGoesOn reports a logging function (IsLogFunc) that returns:
// not Fatal, Panic or Exit, which end the program (an error given to
// them is not swallowed).
func LogsAndGoesOn(fn *types.Func) bool {
	if !IsLogFunc(fn) {
		return false
	}
	for _, stop := range []string{"Fatal", "Panic", "DPanic", "Exit"} {
		if strings.HasPrefix(fn.Name(), stop) {
			return false
		}
	}
	return true
}

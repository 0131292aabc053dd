package dbcall

import (
	"regexp"
	"strings"
)

// GormTableName returns the table GORM's default naming strategy gives a
// model type named typeName: the snake_case of the name (with GORM's common
// initialisms: ID, URL, HTTP, ...) made plural with jinzhu/inflection's
// rules, e.g. PaymentIntent -> payment_intents, UserID -> user_ids,
// Person -> people, Category -> categories. It does not consult a
// TableName method; Call.Table does.
func GormTableName(typeName string) string {
	return plural(toDBName(typeName))
}

// commonInitialisms is GORM's list (schema/naming.go).
var commonInitialisms = []string{"API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SSH", "TLS", "TTL", "UID", "UI", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XSRF", "XSS"}

var initialismReplacer = func() *strings.Replacer {
	var pairs []string
	for _, s := range commonInitialisms {
		pairs = append(pairs, s, s[:1]+strings.ToLower(s[1:]))
	}
	return strings.NewReplacer(pairs...)
}()

// toDBName is a port of GORM's NamingStrategy.toDBName (default settings).
func toDBName(name string) string {
	if name == "" {
		return ""
	}
	value := initialismReplacer.Replace(name)
	var buf strings.Builder
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	lastCase, curCase := false, isUpper(value[0])
	for i := 0; i < len(value)-1; i++ {
		v := value[i]
		nextCase := isUpper(value[i+1])
		nextNumber := isDigit(value[i+1])
		if curCase {
			if lastCase && (nextCase || nextNumber) {
				buf.WriteByte(v + 32)
			} else {
				if i > 0 && value[i-1] != '_' && value[i+1] != '_' {
					buf.WriteByte('_')
				}
				buf.WriteByte(v + 32)
			}
		} else {
			buf.WriteByte(v)
		}
		lastCase = curCase
		curCase = nextCase
	}
	last := value[len(value)-1]
	if curCase {
		if !lastCase && len(value) > 1 {
			buf.WriteByte('_')
		}
		buf.WriteByte(last + 32)
	} else {
		buf.WriteByte(last)
	}
	return buf.String()
}

type inflection struct {
	re      *regexp.Regexp
	replace string
}

// pluralRules is a port of github.com/jinzhu/inflection's Plural for the
// lower-case names toDBName produces: uncountables, then irregulars (matched
// as suffixes, as inflection does: "woman" -> "women"), then the regular
// rules, last first.
var pluralRules = func() []inflection {
	var out []inflection
	for _, u := range []string{"equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans", "police"} {
		out = append(out, inflection{regexp.MustCompile("^(?i)(" + u + ")$"), "${1}"})
	}
	for _, ir := range [][2]string{{"person", "people"}, {"man", "men"}, {"child", "children"}, {"sex", "sexes"}, {"move", "moves"}, {"mombie", "mombies"}} {
		out = append(out, inflection{regexp.MustCompile(ir[0] + "$"), ir[1]})
	}
	regular := [][2]string{
		{"([a-z])$", "${1}s"},
		{"s$", "s"},
		{"^(ax|test)is$", "${1}es"},
		{"(octop|vir)us$", "${1}i"},
		{"(octop|vir)i$", "${1}i"},
		{"(alias|status)$", "${1}es"},
		{"(bu)s$", "${1}ses"},
		{"(buffal|tomat)o$", "${1}oes"},
		{"([ti])um$", "${1}a"},
		{"([ti])a$", "${1}a"},
		{"sis$", "ses"},
		{"(?:([^f])fe|([lr])f)$", "${1}${2}ves"},
		{"(hive)$", "${1}s"},
		{"([^aeiouy]|qu)y$", "${1}ies"},
		{"(x|ch|ss|sh)$", "${1}es"},
		{"(matr|vert|ind)(?:ix|ex)$", "${1}ices"},
		{"^(m|l)ouse$", "${1}ice"},
		{"^(m|l)ice$", "${1}ice"},
		{"^(ox)$", "${1}en"},
		{"^(oxen)$", "${1}"},
		{"(quiz)$", "${1}zes"},
	}
	for i := len(regular) - 1; i >= 0; i-- {
		out = append(out, inflection{regexp.MustCompile("(?i)" + regular[i][0]), regular[i][1]})
	}
	return out
}()

func plural(s string) string {
	for _, r := range pluralRules {
		if r.re.MatchString(s) {
			return r.re.ReplaceAllString(s, r.replace)
		}
	}
	return s
}

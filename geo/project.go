package geo

import "github.com/paulmach/orb"

// Project is an enterprise's investment project.
type Project struct {
	ID           string
	EnterpriseZH string
	EnterpriseEN string
	Chain        string
	Segments     []string
	// Park is the zone it is sited in, "" when the sources do not say.
	Park       string
	CountyCode string
	CapacityZH string
	CapacityEN string
	// InvestmentYi is the total investment in 亿元 (100 million CNY), nil when unknown.
	InvestmentYi *float64
	// Location is nil when the project cannot be placed: it is listed, not drawn.
	Location *orb.Point
	Accuracy Accuracy
	NoteZH   string
	NoteEN   string
	Sources  []string
}

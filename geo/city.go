package geo

// City is what a dataset says of its city as a whole: what to call it,
// what the map's title is, where the map opens, which chain it shows
// first, whom the base map credits, and whether the data is made up. The
// code names no city: the page, the landing page and the API documents take
// all of it from here.
type City struct {
	// Name is the city's name, both languages required.
	Name Text `json:"name"`
	// Title is the map's title ("玉溪新能源电池产业园区"); empty for
	// CityTitle's default from the name.
	Title Text `json:"title,omitzero"`
	// Extent is the city's bounding box: west, south, east, north, in
	// degrees (WGS 84). West is greater than east for a city across the
	// antimeridian.
	Extent [4]float64 `json:"extent"`
	// DefaultChain is the slug of the chain the map and /api/chain show
	// first.
	DefaultChain string `json:"default_chain"`
	// Attribution is the short credit the map shows for its offline base
	// map (the county boundaries), as plain text; the counties' file holds
	// the full one.
	Attribution string `json:"attribution"`
	// AttributionURL is where the credit links to; empty for no link.
	AttributionURL string `json:"attribution_url,omitempty"`
	// Synthetic marks a made-up dataset (a test or demonstration city):
	// the page and the landing page say so.
	Synthetic bool `json:"synthetic,omitempty"`
}

// DisplayTitle is the title a page gives the city's map: its Title, or
// else one made of its name; with no city (c nil, or nameless), a title
// that names none.
func (c *City) DisplayTitle() Text {
	switch {
	case c == nil || c.Name.ZH == "" && c.Name.EN == "":
		return Text{ZH: "产业园区与产业链布局", EN: "Industrial zones and their chain segments"}
	case c.Title.ZH != "" || c.Title.EN != "":
		return c.Title
	default:
		return Text{ZH: c.Name.ZH + "产业园区与产业链布局", EN: c.Name.EN + ": industrial zones and their chain segments"}
	}
}

package cql2_test

import (
	"fmt"

	"github.com/parkmap/parkmap/geo/cql2"
	"github.com/parkmap/parkmap/geo/cql2/cql2test"
)

func Example() {
	e, err := cql2.ParseText(`casei(name) like 'yuxi%' and area_ha >= 10 and s_intersects(geom, bbox(0, 0, 5, 5))`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e) // canonical cql2-text
	if err := cql2.Check(e, cql2test.Types()); err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range cql2test.Rows() {
		if ok, _ := cql2.Eval(e, r); ok {
			fmt.Println("selects", r.ID)
		}
	}
	// Output:
	// CASEI(name) LIKE 'yuxi%' AND area_ha >= 10 AND S_INTERSECTS(geom, BBOX(0, 0, 5, 5))
	// selects 1
}

func ExampleParseText_error() {
	_, err := cql2.ParseText("area_ha >= 10 AND\nstatus = )")
	fmt.Println(err)
	// Output:
	// line 2, column 10: expected a value after '=', found ')'
}

func ExampleCheck() {
	e, _ := cql2.ParseJSON([]byte(`{"op": "a_contains", "args": [{"property": "name_zh"}, ["玉溪"]]}`))
	fmt.Println(cql2.Check(e, cql2test.Types()))
	// Output:
	// A_CONTAINS takes arrays: name_zh is a string
}

// Package geo is parkmap's domain: chains and their stages, segments and
// material flows; zones (parks) with the segments allocated to them;
// enterprise projects; counties; and the sources every fact cites.
//
// It also holds the spatial reasoning on them (geodesic area and distance,
// walks of the chain graph) and the Store interface that the API depends on.
// It is pure: no I/O, no SQL, no HTTP. Geometry is orb's, in WGS 84 lon/lat.
package geo

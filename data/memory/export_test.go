package memory

// CountCap is countCap, for the test that holds it to PostGIS's.
const CountCap = countCap

// This file is a Go port of the inverse geodesic problem and the polygon
// area of GeographicLib's C library (src/geodesic.c of github.com/geographiclib/
// geographiclib-c at commit 024034573b7d69b5eb52835ede2781827f4b3d2f), the
// algorithms of
//
//	C. F. F. Karney, Algorithms for geodesics, J. Geodesy 87, 43–55 (2013),
//	https://doi.org/10.1007/s00190-012-0578-z
//	Addenda: https://geographiclib.sourceforge.io/geod-addenda.html
//
// which PROJ and PostGIS use for geography measures.
//
// Copyright (c) Charles Karney (2012-2022) <charles@karney.com>, licensed
// under the MIT/X11 License:
//
//	Permission is hereby granted, free of charge, to any person obtaining a
//	copy of this software and associated documentation files (the
//	"Software"), to deal in the Software without restriction, including
//	without limitation the rights to use, copy, modify, merge, publish,
//	distribute, sublicense, and/or sell copies of the Software, and to
//	permit persons to whom the Software is furnished to do so, subject to
//	the following conditions:
//
//	The above copyright notice and this permission notice shall be included
//	in all copies or substantial portions of the Software.
//
//	THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
//	OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
//	MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
//	IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
//	CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
//	TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
//	SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
//
// The port keeps the C code's structure, names and comments where they
// explain a choice, so that it can be checked line by line against the
// original; only what the inverse problem and the area need is ported (no
// direct problem, no geodesic lines). Changes: results are returned rather
// than written through pointers, and the outputs nobody asked for are still
// skipped through a mask.

package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// The WGS 84 ellipsoid.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
)

// wgs84 is the WGS 84 ellipsoid with its series coefficients, computed once
// and only read after.
var wgs84 = newEllipsoid(wgs84A, wgs84F)

// Distance returns the geodesic distance in metres between two lon/lat
// points on the WGS 84 ellipsoid, by Karney's method, which converges for
// every pair of points, antipodal ones included, to within 15 nm: the same
// algorithm as PostGIS's geography ST_Distance.
func Distance(a, b orb.Point) float64 {
	return wgs84.inverse(a[1], a[0], b[1], b[0], outDistance).s12
}

// The order of the series expansions (GEOGRAPHICLIB_GEODESIC_ORDER).
const (
	geodOrder = 6
	nA1       = geodOrder
	nC1       = geodOrder
	nA2       = geodOrder
	nC2       = geodOrder
	nA3       = geodOrder
	nA3x      = nA3
	nC3       = geodOrder
	nC3x      = (nC3 * (nC3 - 1)) / 2
	nC4       = geodOrder
	nC4x      = (nC4 * (nC4 + 1)) / 2
	nC        = geodOrder + 1
)

// Degrees in a quarter, a half and a full turn.
const (
	qd = 90.0
	hd = 2 * qd
	td = 2 * hd
)

// The tolerances of the C library's Init, for IEEE doubles.
const (
	dblEpsilon = 0x1p-52
	dblMin     = 0x1p-1022
	maxit1     = 20
	maxit2     = maxit1 + 53 + 10
	tol0       = dblEpsilon
	// Increased from 100 to 200 upstream to fix the inverse case
	// 52.784459512564 0 -52.784459512563990912 179.634407464943777557.
	tol1   = 200 * tol0
	tolb   = tol0
	degree = math.Pi / hd
)

var (
	tiny    = math.Sqrt(dblMin)
	tol2    = math.Sqrt(tol0)
	xthresh = 1000 * tol2
)

// What an inverse computation returns beyond the arc length and azimuths.
const (
	outDistance = 1 << iota
	outReducedLength
	outGeodesicScale
	outArea
)

// ellipsoid is a geod_geodesic: an ellipsoid of revolution and its
// coefficients.
type ellipsoid struct {
	a, f, f1, e2, ep2, n, b, c2, etol2 float64
	a3x                                [nA3x]float64
	c3x                                [nC3x]float64
	c4x                                [nC4x]float64
}

func newEllipsoid(a, f float64) *ellipsoid {
	g := &ellipsoid{a: a, f: f}
	g.f1 = 1 - g.f
	g.e2 = g.f * (2 - g.f)
	g.ep2 = g.e2 / sq(g.f1) // e2 / (1 - e2)
	g.n = g.f / (2 - g.f)
	g.b = g.a * g.f1
	var r float64
	switch {
	case g.e2 == 0:
		r = 1
	case g.e2 > 0:
		r = math.Atanh(math.Sqrt(g.e2)) / math.Sqrt(math.Abs(g.e2))
	default:
		r = math.Atan(math.Sqrt(-g.e2)) / math.Sqrt(math.Abs(g.e2))
	}
	g.c2 = (sq(g.a) + sq(g.b)*r) / 2 // authalic radius squared
	// The sig12 threshold for "really short": see geod_init.
	g.etol2 = 0.1 * tol2 / math.Sqrt(math.Max(0.001, math.Abs(g.f))*math.Min(1.0, 1-g.f/2)/2)
	g.a3coeff()
	g.c3coeff()
	g.c4coeff()
	return g
}

func sq(x float64) float64 { return x * x }

// sumx is the error-free sum: u + v = s + t exactly, s = round(u + v). Go
// does not reassociate floating-point arithmetic, so no volatile is needed.
func sumx(u, v float64) (s, t float64) {
	s = u + v
	up := s - v
	vpp := s - up
	up -= u
	vpp -= v
	if s != 0 {
		t = 0 - (up + vpp)
	} else {
		t = s
	}
	return s, t
}

func polyval(n int, p []float64, x float64) float64 {
	if n < 0 {
		return 0
	}
	y := p[0]
	for i := 1; i <= n; i++ {
		y = y*x + p[i]
	}
	return y
}

// norm2 scales (sinx, cosx) to a unit vector. It does not use math.Hypot,
// which is not monotonic (Go computes p*sqrt(1+(q/p)^2)): with it
// GeodSolve92 gives NaN, as GeographicLib's Python port did with Python
// 3.8's hypot (https://bugs.python.org/issue43088), whose fix this follows.
func norm2(sinx, cosx float64) (float64, float64) {
	r := math.Sqrt(sinx*sinx + cosx*cosx)
	return sinx / r, cosx / r
}

func angNormalize(x float64) float64 {
	y := math.Remainder(x, td)
	if math.Abs(y) == hd {
		return math.Copysign(hd, x)
	}
	return y
}

func latFix(x float64) float64 {
	if math.Abs(x) > qd {
		return math.NaN()
	}
	return x
}

// angDiff returns y - x reduced to [-180, 180] and the rounding error e.
func angDiff(x, y float64) (d, e float64) {
	// Use remainder instead of angNormalize, since boundary cases are
	// treated later taking account of the error.
	d, t := sumx(math.Remainder(-x, td), math.Remainder(y, td))
	// This second sum can only change d if abs(d) < 128, so remainder need
	// not be applied again.
	d, t = sumx(math.Remainder(d, td), t)
	// Fix the sign if d = -180, 0, 180.
	if d == 0 || math.Abs(d) == hd {
		// If t == 0, take the sign from y - x, else (t != 0, implies d =
		// +/-180) d and t must have opposite signs.
		if t == 0 {
			d = math.Copysign(d, y-x)
		} else {
			d = math.Copysign(d, -t)
		}
	}
	return d, t
}

func angRound(x float64) float64 {
	const z = 1.0 / 16.0
	y := math.Abs(x)
	w := z - y
	// Go keeps z - (z - y) as written: it does not simplify it to y.
	if w > 0 {
		y = z - w
	}
	return math.Copysign(y, x)
}

// remquo90 is C's remquo(x, 90, &q) reduced to what its callers use: the
// remainder in [-45, 45] and the quadrant q mod 4.
func remquo90(x float64) (float64, int) {
	r := math.Remainder(x, qd)
	if math.IsNaN(r) {
		return r, 0
	}
	n := int64(math.Round((x - r) / qd))
	return r, int(((n % 4) + 4) % 4)
}

// sincosd returns the sine and cosine of x degrees, reducing the argument
// exactly to [-45, 45] before converting it to radians.
func sincosd(x float64) (float64, float64) {
	r, q := remquo90(x)
	return sincosQuadrant(r*degree, q, x)
}

// sincosde is sincosd of x + t, with t a small correction to x.
func sincosde(x, t float64) (float64, float64) {
	r, q := remquo90(x)
	return sincosQuadrant(angRound(r+t)*degree, q, x)
}

func sincosQuadrant(r float64, q int, x float64) (sinx, cosx float64) {
	s, c := math.Sin(r), math.Cos(r)
	switch q {
	case 0:
		sinx, cosx = s, c
	case 1:
		sinx, cosx = c, -s
	case 2:
		sinx, cosx = -s, -c
	default:
		sinx, cosx = -c, s
	}
	if cosx == 0 {
		cosx = 0 // +0, as C's special values of F.10.1.12
	}
	if sinx == 0 {
		sinx = math.Copysign(0, x)
	}
	return sinx, cosx
}

// atan2d returns atan2(y, x) in degrees, computed in [-45°, 45°] and
// mapped to the right quadrant to keep rounding errors small.
func atan2d(y, x float64) float64 {
	q := 0
	if math.Abs(y) > math.Abs(x) {
		x, y = y, x
		q = 2
	}
	if math.Signbit(x) {
		x = -x
		q++
	}
	// Here x >= 0 and x >= abs(y), so the angle is in [-pi/4, pi/4].
	ang := math.Atan2(y, x) / degree
	switch q {
	case 1:
		ang = math.Copysign(hd, y) - ang
	case 2:
		ang = qd - ang
	case 3:
		ang = -qd + ang
	}
	return ang
}

// inverseResult is what geod_geninverse_int writes through its pointers.
type inverseResult struct {
	a12                        float64 // arc length on the auxiliary sphere, degrees
	s12                        float64 // distance, metres
	salp1, calp1, salp2, calp2 float64 // azimuths at both ends, as sine and cosine
	m12, M12, M21              float64 // reduced length and geodesic scales
	S12                        float64 // area under the geodesic, m²
}

// azimuths returns the azimuths at both ends in degrees.
func (r inverseResult) azimuths() (azi1, azi2 float64) {
	return atan2d(r.salp1, r.calp1), atan2d(r.salp2, r.calp2)
}

// inverse solves the inverse geodesic problem between (lat1, lon1) and
// (lat2, lon2), in degrees: geod_geninverse_int. outmask says which of
// s12, m12, M12 and M21, and S12 to compute.
func (g *ellipsoid) inverse(lat1, lon1, lat2, lon2 float64, outmask int) inverseResult {
	var (
		s12, m12, M12, M21, S12    float64
		s12x, m12x                 float64
		a12, sig12                 float64
		calp1, salp1, calp2, salp2 float64
		Ca                         [nC]float64
		// somg12 == 2 marks that it needs to be calculated.
		omg12, somg12, comg12 = 0.0, 2.0, 0.0
	)
	// Compute the longitude difference (angDiff does this carefully). The
	// result is in [-180, 180] but -180 is only for west-going geodesics;
	// 180 is for east-going and meridional geodesics.
	lon12, lon12s := angDiff(lon1, lon2)
	// Make the longitude difference positive.
	lonsign := 1.0
	if math.Signbit(lon12) {
		lonsign = -1
	}
	lon12 *= lonsign
	lon12s *= lonsign
	lam12 := lon12 * degree
	// Calculate sincos of lon12 + error (this applies angRound internally).
	slam12, clam12 := sincosde(lon12, lon12s)
	lon12s = (hd - lon12) - lon12s // the supplementary longitude difference

	// If really close to the equator, treat as on the equator.
	lat1 = angRound(latFix(lat1))
	lat2 = angRound(latFix(lat2))
	// Swap points so that the point with the higher (abs) latitude is point
	// 1. If one latitude is a NaN, then it becomes lat1.
	swapp := 1.0
	if math.Abs(lat1) < math.Abs(lat2) || math.IsNaN(lat2) {
		swapp = -1
		lonsign *= -1
		lat1, lat2 = lat2, lat1
	}
	// Make lat1 <= -0.
	latsign := -1.0
	if math.Signbit(lat1) {
		latsign = 1
	}
	lat1 *= latsign
	lat2 *= latsign
	// Now we have
	//
	//	0 <= lon12 <= 180
	//	-90 <= lat1 <= -0
	//	lat1 <= lat2 <= -lat1
	//
	// lonsign, swapp, latsign register the transformation to bring the
	// coordinates to this canonical form. In all cases, 1 means no change
	// was made. These transformations leave few cases to check, e.g., on
	// verifying quadrants in atan2, and enforce some symmetries in the
	// results.

	sbet1, cbet1 := sincosd(lat1)
	sbet1 *= g.f1
	// Ensure cbet1 = +epsilon at poles.
	sbet1, cbet1 = norm2(sbet1, cbet1)
	cbet1 = math.Max(tiny, cbet1)

	sbet2, cbet2 := sincosd(lat2)
	sbet2 *= g.f1
	// Ensure cbet2 = +epsilon at poles.
	sbet2, cbet2 = norm2(sbet2, cbet2)
	cbet2 = math.Max(tiny, cbet2)

	// If cbet1 < -sbet1, then cbet2 - cbet1 is a sensitive measure of
	// |bet1| - |bet2|. Alternatively (cbet1 >= -sbet1), abs(sbet2) + sbet1
	// is a better measure. This logic is used in assigning calp2 in
	// lambda12. Sometimes these quantities vanish and in that case we force
	// bet2 = +/- bet1 exactly. An example where this is necessary is the
	// inverse problem 48.522876735459 0 -48.52287673545898293
	// 179.599720456223079643.
	if cbet1 < -sbet1 {
		if cbet2 == cbet1 {
			sbet2 = math.Copysign(sbet1, sbet2)
		}
	} else if math.Abs(sbet2) == -sbet1 {
		cbet2 = cbet1
	}

	dn1 := math.Sqrt(1 + g.ep2*sq(sbet1))
	dn2 := math.Sqrt(1 + g.ep2*sq(sbet2))

	meridian := lat1 == -qd || slam12 == 0
	scale := outmask&outGeodesicScale != 0

	if meridian {
		// Endpoints are on a single full meridian, so the geodesic might
		// lie on a meridian.
		calp1, salp1 = clam12, slam12 // head to the target longitude
		calp2, salp2 = 1, 0           // at the target we're heading north

		// tan(bet) = tan(sig) * cos(alp)
		ssig1, csig1 := sbet1, calp1*cbet1
		ssig2, csig2 := sbet2, calp2*cbet2

		// sig12 = sig2 - sig1
		sig12 = math.Atan2(math.Max(0.0, csig1*ssig2-ssig1*csig2)+0, csig1*csig2+ssig1*ssig2)
		l := g.lengths(g.n, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, cbet1, cbet2, true, scale, Ca[:])
		s12x, m12x = l.s12b, l.m12b
		if scale {
			M12, M21 = l.M12, l.M21
		}
		// Add the check for sig12 since zero length geodesics might yield
		// m12 < 0. Test case was 20.001 0 20.001 0. In fact, we will have
		// sig12 > pi/2 for a meridional geodesic which is not a shortest
		// path.
		if sig12 < 1 || m12x >= 0 {
			// Need at least 2, to handle 90 0 90 180.
			if sig12 < 3*tiny ||
				// Prevent negative s12 or m12 for short lines.
				(sig12 < tol0 && (s12x < 0 || m12x < 0)) {
				sig12, m12x, s12x = 0, 0, 0
			}
			m12x *= g.b
			s12x *= g.b
			a12 = sig12 / degree
		} else {
			// m12 < 0, i.e., prolate and too close to anti-podal.
			meridian = false
		}
	}

	if !meridian && sbet1 == 0 && // and sbet2 == 0
		// Mimic the way lambda12 works with calp1 = 0.
		(g.f <= 0 || lon12s >= g.f*hd) {
		// The geodesic runs along the equator.
		calp1, calp2 = 0, 0
		salp1, salp2 = 1, 1
		s12x = g.a * lam12
		sig12 = lam12 / g.f1
		omg12 = sig12
		m12x = g.b * math.Sin(sig12)
		if scale {
			M12 = math.Cos(sig12)
			M21 = M12
		}
		a12 = lon12 / g.f1
	} else if !meridian {
		// Now point 1 and point 2 belong within a hemisphere bounded by a
		// meridian and the geodesic is neither meridional nor equatorial.

		// Figure a starting point for Newton's method.
		var dnm float64
		sig12, salp1, calp1, salp2, calp2, dnm = g.inverseStart(sbet1, cbet1, dn1, sbet2, cbet2, dn2,
			lam12, slam12, clam12, Ca[:])

		if sig12 >= 0 {
			// Short lines (inverseStart sets salp2, calp2, dnm).
			s12x = sig12 * g.b * dnm
			m12x = sq(dnm) * g.b * math.Sin(sig12/dnm)
			if scale {
				M12 = math.Cos(sig12 / dnm)
				M21 = M12
			}
			a12 = sig12 / degree
			omg12 = lam12 / (g.f1 * dnm)
		} else {
			// Newton's method. This is a straightforward solution of
			// f(alp1) = lambda12(alp1) - lam12 = 0 with one wrinkle. f(alp)
			// has exactly one root in the interval (0, pi) and its
			// derivative is positive at the root. Thus f(alp) is positive
			// for alp > alp1 and negative for alp < alp1. During the
			// course of the iteration, a range (alp1a, alp1b) is
			// maintained which brackets the root and with each evaluation
			// of f(alp) the range is shrunk, if possible. Newton's method
			// is restarted whenever the derivative of f is negative
			// (because the new value of alp1 is then further from the
			// solution) or if the new estimate of alp1 lies outside (0,pi);
			// in this case, the new starting guess is taken to be (alp1a +
			// alp1b) / 2.
			var lr lambda12Result
			// Bracketing range.
			salp1a, calp1a, salp1b, calp1b := tiny, 1.0, tiny, -1.0
			tripn, tripb := false, false
			for numit := 0; ; numit++ {
				// The WGS84 test set: mean = 1.47, sd = 1.25, max = 16;
				// WGS84 and random input: mean = 2.85, sd = 0.60.
				lr = g.lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1,
					slam12, clam12, numit < maxit1, Ca[:])
				v := lr.lam12
				salp2, calp2, sig12 = lr.salp2, lr.calp2, lr.sig12
				tol := 1.0
				if tripn {
					tol = 8
				}
				// Reversed test to allow escape with NaNs.
				if tripb || !(math.Abs(v) >= tol*tol0) || numit == maxit2 {
					break
				}
				// Update bracketing values.
				if v > 0 && (numit > maxit1 || calp1/salp1 > calp1b/salp1b) {
					salp1b, calp1b = salp1, calp1
				} else if v < 0 && (numit > maxit1 || calp1/salp1 < calp1a/salp1a) {
					salp1a, calp1a = salp1, calp1
				}
				if numit < maxit1 && lr.dlam12 > 0 {
					dalp1 := -v / lr.dlam12
					if math.Abs(dalp1) < math.Pi {
						sdalp1, cdalp1 := math.Sin(dalp1), math.Cos(dalp1)
						nsalp1 := salp1*cdalp1 + calp1*sdalp1
						if nsalp1 > 0 {
							calp1 = calp1*cdalp1 - salp1*sdalp1
							salp1 = nsalp1
							salp1, calp1 = norm2(salp1, calp1)
							// In some regimes we don't get quadratic
							// convergence because slope -> 0. So use
							// convergence conditions based on epsilon
							// instead of sqrt(epsilon).
							tripn = math.Abs(v) <= 16*tol0
							continue
						}
					}
				}
				// Either dv was not positive or the updated value was
				// outside the legal range. Use the midpoint of the bracket
				// as the next estimate. This mechanism is not needed for
				// the WGS84 ellipsoid, but it does catch problems with
				// more eccentric ellipsoids.
				salp1 = (salp1a + salp1b) / 2
				calp1 = (calp1a + calp1b) / 2
				salp1, calp1 = norm2(salp1, calp1)
				tripn = false
				tripb = math.Abs(salp1a-salp1)+(calp1a-calp1) < tolb ||
					math.Abs(salp1-salp1b)+(calp1-calp1b) < tolb
			}
			l := g.lengths(lr.eps, sig12, lr.ssig1, lr.csig1, dn1, lr.ssig2, lr.csig2, dn2,
				cbet1, cbet2, true, scale, Ca[:])
			s12x, m12x = l.s12b, l.m12b
			if scale {
				M12, M21 = l.M12, l.M21
			}
			m12x *= g.b
			s12x *= g.b
			a12 = sig12 / degree
			if outmask&outArea != 0 {
				// omg12 = lam12 - domg12
				sdomg12, cdomg12 := math.Sin(lr.domg12), math.Cos(lr.domg12)
				somg12 = slam12*cdomg12 - clam12*sdomg12
				comg12 = clam12*cdomg12 + slam12*sdomg12
			}
		}
	}

	if outmask&outDistance != 0 {
		s12 = 0 + s12x // convert -0 to 0
	}
	if outmask&outReducedLength != 0 {
		m12 = 0 + m12x // convert -0 to 0
	}

	if outmask&outArea != 0 {
		// From lambda12: sin(alp1) * cos(bet1) = sin(alp0).
		salp0 := salp1 * cbet1
		calp0 := math.Hypot(calp1, salp1*sbet1) // calp0 > 0
		var alp12 float64
		if calp0 != 0 && salp0 != 0 {
			// From lambda12: tan(bet) = tan(sig) * cos(alp).
			ssig1, csig1 := sbet1, calp1*cbet1
			ssig2, csig2 := sbet2, calp2*cbet2
			k2 := sq(calp0) * g.ep2
			eps := k2 / (2*(1+math.Sqrt(1+k2)) + k2)
			// Multiplier = a^2 * e^2 * cos(alpha0) * sin(alpha0).
			A4 := sq(g.a) * calp0 * salp0 * g.e2
			ssig1, csig1 = norm2(ssig1, csig1)
			ssig2, csig2 = norm2(ssig2, csig2)
			g.c4f(eps, Ca[:])
			B41 := sinCosSeries(false, ssig1, csig1, Ca[:], nC4)
			B42 := sinCosSeries(false, ssig2, csig2, Ca[:], nC4)
			S12 = A4 * (B42 - B41)
		} else {
			// Avoid problems with indeterminate sig1, sig2 on the equator.
			S12 = 0
		}

		if !meridian && somg12 == 2 {
			somg12, comg12 = math.Sin(omg12), math.Cos(omg12)
		}

		if !meridian &&
			// omg12 < 3/4 * pi
			comg12 > -0.7071 && // long difference not too big
			sbet2-sbet1 < 1.75 { // lat difference not too big
			// Use tan(Gamma/2) = tan(omg12/2)
			// * (tan(bet1/2)+tan(bet2/2))/(1+tan(bet1/2)*tan(bet2/2))
			// with tan(x/2) = sin(x)/(1+cos(x)).
			domg12, dbet1, dbet2 := 1+comg12, 1+cbet1, 1+cbet2
			alp12 = 2 * math.Atan2(somg12*(sbet1*dbet2+sbet2*dbet1), domg12*(sbet1*sbet2+dbet1*dbet2))
		} else {
			// alp12 = alp2 - alp1, used in atan2 so no need to normalize.
			salp12 := salp2*calp1 - calp2*salp1
			calp12 := calp2*calp1 + salp2*salp1
			// The right thing appears to happen if alp1 = +/-180 and alp2
			// = 0, viz salp12 = -0 and alp12 = -180. However this depends
			// on the sign being attached to 0 correctly. The following
			// ensures the correct behavior.
			if salp12 == 0 && calp12 < 0 {
				salp12 = tiny * calp1
				calp12 = -1
			}
			alp12 = math.Atan2(salp12, calp12)
		}
		S12 += g.c2 * alp12
		S12 *= swapp * lonsign * latsign
		S12 += 0 // convert -0 to 0
	}

	// Convert calp, salp to azimuths accounting for lonsign, swapp, latsign.
	if swapp < 0 {
		salp1, salp2 = salp2, salp1
		calp1, calp2 = calp2, calp1
		if scale {
			M12, M21 = M21, M12
		}
	}
	salp1 *= swapp * lonsign
	calp1 *= swapp * latsign
	salp2 *= swapp * lonsign
	calp2 *= swapp * latsign

	return inverseResult{a12: a12, s12: s12, salp1: salp1, calp1: calp1, salp2: salp2, calp2: calp2,
		m12: m12, M12: M12, M21: M21, S12: S12}
}

// sinCosSeries evaluates
//
//	sinp ? sum(c[i] * sin( 2*i    * x), i, 1, n) :
//	       sum(c[i] * cos((2*i+1) * x), i, 0, n-1)
//
// by Clenshaw summation. c[0] is unused for the sine series.
func sinCosSeries(sinp bool, sinx, cosx float64, c []float64, n int) float64 {
	k := n // one beyond the last element
	if sinp {
		k++
	}
	ar := 2 * (cosx - sinx) * (cosx + sinx) // 2 * cos(2 * x)
	var y0, y1 float64                      // accumulators for the sum
	if n&1 != 0 {
		k--
		y0 = c[k]
	}
	// Now n is even.
	for n /= 2; n > 0; n-- {
		// Unroll the loop x 2, so the accumulators return to their
		// original role.
		k--
		y1 = ar*y0 - y1 + c[k]
		k--
		y0 = ar*y1 - y0 + c[k]
	}
	if sinp {
		return 2 * sinx * cosx * y0 // sin(2 * x) * y0
	}
	return cosx * (y0 - y1) // cos(x) * (y0 - y1)
}

// lengthsResult is what Lengths writes through its pointers.
type lengthsResult struct {
	s12b, m12b, m0, M12, M21 float64
}

// lengths returns m12b = (reduced length)/b, and when asked s12b =
// distance/b and the geodesic scales; m0 is the coefficient of the secular
// term in the expression for the reduced length. Every caller wants the
// reduced length. Ca is scratch space of size nC.
func (g *ellipsoid) lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, cbet1, cbet2 float64,
	dist, scale bool, Ca []float64) lengthsResult {
	var (
		r   lengthsResult
		Cb  [nC]float64
		J12 float64
	)
	A1 := a1m1f(eps)
	c1f(eps, Ca)
	A2 := a2m1f(eps)
	c2f(eps, Cb[:])
	r.m0 = A1 - A2
	A2 = 1 + A2
	A1 = 1 + A1
	if dist {
		B1 := sinCosSeries(true, ssig2, csig2, Ca, nC1) - sinCosSeries(true, ssig1, csig1, Ca, nC1)
		// Missing a factor of b.
		r.s12b = A1 * (sig12 + B1)
		B2 := sinCosSeries(true, ssig2, csig2, Cb[:], nC2) - sinCosSeries(true, ssig1, csig1, Cb[:], nC2)
		J12 = r.m0*sig12 + (A1*B1 - A2*B2)
	} else {
		// Assume here that nC1 >= nC2.
		for l := 1; l <= nC2; l++ {
			Cb[l] = A1*Ca[l] - A2*Cb[l]
		}
		J12 = r.m0*sig12 + (sinCosSeries(true, ssig2, csig2, Cb[:], nC2) -
			sinCosSeries(true, ssig1, csig1, Cb[:], nC2))
	}
	// Missing a factor of b. Parentheses around (csig1 * ssig2) and (ssig1
	// * csig2) ensure accurate cancellation for coincident points.
	r.m12b = dn2*(csig1*ssig2) - dn1*(ssig1*csig2) - csig1*csig2*J12
	if scale {
		csig12 := csig1*csig2 + ssig1*ssig2
		t := g.ep2 * (cbet1 - cbet2) * (cbet1 + cbet2) / (dn1 + dn2)
		r.M12 = csig12 + (t*ssig2-csig2*J12)*ssig1/dn1
		r.M21 = csig12 - (t*ssig1-csig1*J12)*ssig2/dn2
	}
	return r
}

// astroid solves k^4+2*k^3-(x^2+y^2-1)*k^2-2*y^2*k-y^2 = 0 for the positive
// root k. This solution is adapted from Geocentric::Reverse.
func astroid(x, y float64) float64 {
	p := sq(x)
	q := sq(y)
	r := (p + q - 1) / 6
	if q == 0 && r <= 0 {
		// y = 0 with |x| <= 1. Handle this case directly; for y small, the
		// positive root is k = abs(y)/sqrt(1-x^2).
		return 0
	}
	// Avoid possible division by zero when r = 0 by multiplying the
	// equations for s and t by r^3 and r, resp.
	S := p * q / 4 // S = r^3 * s
	r2 := sq(r)
	r3 := r * r2
	// The discriminant of the quadratic equation for T3. This is zero on
	// the evolute curve p^(1/3)+q^(1/3) = 1.
	disc := S * (S + 2*r3)
	u := r
	if disc >= 0 {
		T3 := S + r3
		// Pick the sign on the sqrt to maximize abs(T3). This minimizes
		// loss of precision due to cancellation. The result is unchanged
		// because of the way T is used in the definition of u.
		if T3 < 0 {
			T3 += -math.Sqrt(disc)
		} else {
			T3 += math.Sqrt(disc)
		} // T3 = (r * t)^3
		// math.Cbrt always returns the real root: Cbrt(-8) = -2.
		T := math.Cbrt(T3) // T = r * t
		// T can be zero; but then r2 / T -> 0.
		u += T
		if T != 0 {
			u += r2 / T
		}
	} else {
		// T is complex, but the way u is defined the result is real.
		ang := math.Atan2(math.Sqrt(-disc), -(S + r3))
		// There are three possible cube roots. We choose the root which
		// avoids cancellation. Note that disc < 0 implies that r < 0.
		u += 2 * r * math.Cos(ang/3)
	}
	v := math.Sqrt(sq(u) + q) // guaranteed positive
	// Avoid loss of accuracy when u < 0.
	var uv float64 // u+v, guaranteed positive
	if u < 0 {
		uv = q / (v - u)
	} else {
		uv = u + v
	}
	w := (uv - q) / (2 * v) // positive?
	// Rearrange the expression for k to avoid loss of accuracy due to
	// subtraction. Division by 0 is not possible because uv > 0, w >= 0.
	return uv / (math.Sqrt(uv+sq(w)) + w) // guaranteed positive
}

// inverseStart returns a starting point for Newton's method in salp1 and
// calp1 (and sig12 = -1). If Newton's method doesn't need to be used, it
// returns also salp2 and calp2 and sig12 >= 0; dnm is set for short lines.
func (g *ellipsoid) inverseStart(sbet1, cbet1, dn1, sbet2, cbet2, dn2, lam12, slam12, clam12 float64,
	Ca []float64) (sig12, salp1, calp1, salp2, calp2, dnm float64) {
	sig12 = -1
	// bet12 = bet2 - bet1 in [0, pi); bet12a = bet2 + bet1 in (-pi, 0]
	sbet12 := sbet2*cbet1 - cbet2*sbet1
	cbet12 := cbet2*cbet1 + sbet2*sbet1
	shortline := cbet12 >= 0 && sbet12 < 0.5 && cbet2*lam12 < 0.5
	var somg12, comg12 float64
	sbet12a := sbet2*cbet1 + cbet2*sbet1
	if shortline {
		sbetm2 := sq(sbet1 + sbet2)
		// sin((bet1+bet2)/2)^2
		// =  (sbet1 + sbet2)^2 / ((sbet1 + sbet2)^2 + (cbet1 + cbet2)^2)
		sbetm2 /= sbetm2 + sq(cbet1+cbet2)
		dnm = math.Sqrt(1 + g.ep2*sbetm2)
		omg12 := lam12 / (g.f1 * dnm)
		somg12, comg12 = math.Sin(omg12), math.Cos(omg12)
	} else {
		somg12, comg12 = slam12, clam12
	}

	salp1 = cbet2 * somg12
	if comg12 >= 0 {
		calp1 = sbet12 + cbet2*sbet1*sq(somg12)/(1+comg12)
	} else {
		calp1 = sbet12a - cbet2*sbet1*sq(somg12)/(1-comg12)
	}

	ssig12 := math.Hypot(salp1, calp1)
	csig12 := sbet1*sbet2 + cbet1*cbet2*comg12

	switch {
	case shortline && ssig12 < g.etol2:
		// Really short lines.
		salp2 = cbet1 * somg12
		t := 1 - comg12
		if comg12 >= 0 {
			t = sq(somg12) / (1 + comg12)
		}
		calp2 = sbet12 - cbet1*sbet2*t
		salp2, calp2 = norm2(salp2, calp2)
		// Set the return value.
		sig12 = math.Atan2(ssig12, csig12)
	case math.Abs(g.n) > 0.1 || // no astroid calc if too eccentric
		csig12 >= 0 ||
		ssig12 >= 6*math.Abs(g.n)*math.Pi*sq(cbet1):
		// Nothing to do, the zeroth order spherical approximation is OK.
	default:
		// Scale lam12 and bet2 to an x, y coordinate system where the
		// antipodal point is at the origin and the singular point is at y
		// = 0, x = -1.
		var x, y, lamscale, betscale float64
		lam12x := math.Atan2(-slam12, -clam12) // lam12 - pi
		if g.f >= 0 {                          // in fact f == 0 does not get here
			// x = dlong, y = dlat
			k2 := sq(sbet1) * g.ep2
			eps := k2 / (2*(1+math.Sqrt(1+k2)) + k2)
			lamscale = g.f * cbet1 * g.a3f(eps) * math.Pi
			betscale = lamscale * cbet1
			x = lam12x / lamscale
			y = sbet12a / betscale
		} else { // f < 0
			// x = dlat, y = dlong
			cbet12a := cbet2*cbet1 - sbet2*sbet1
			bet12a := math.Atan2(sbet12a, cbet12a)
			// In the case of lon12 = 180, this repeats a calculation made
			// in inverse.
			l := g.lengths(g.n, math.Pi+bet12a, sbet1, -cbet1, dn1, sbet2, cbet2, dn2,
				cbet1, cbet2, false, false, Ca)
			x = -1 + l.m12b/(cbet1*cbet2*l.m0*math.Pi)
			if x < -0.01 {
				betscale = sbet12a / x
			} else {
				betscale = -g.f * sq(cbet1) * math.Pi
			}
			lamscale = betscale / cbet1
			y = lam12x / lamscale
		}

		if y > -tol1 && x > -1-xthresh {
			// Strip near cut.
			if g.f >= 0 {
				salp1 = math.Min(1.0, -x)
				calp1 = -math.Sqrt(1 - sq(salp1))
			} else {
				lo := -1.0
				if x > -tol1 {
					lo = 0
				}
				calp1 = math.Max(lo, x)
				salp1 = math.Sqrt(1 - sq(calp1))
			}
		} else {
			// Estimate alp1 by solving the astroid problem. Estimating
			// omg12 from the astroid and using the spherical formula to
			// compute alp1 takes fewer Newton iterations than estimating
			// alp1 directly. Because omg12 is near pi, work with omg12a =
			// pi - omg12.
			k := astroid(x, y)
			var omg12a float64
			if g.f >= 0 {
				omg12a = lamscale * (-x * k / (1 + k))
			} else {
				omg12a = lamscale * (-y * (1 + k) / k)
			}
			somg12, comg12 = math.Sin(omg12a), -math.Cos(omg12a)
			// Update the spherical estimate of alp1 using omg12 instead of
			// lam12.
			salp1 = cbet2 * somg12
			calp1 = sbet12a - cbet2*sbet1*sq(somg12)/(1-comg12)
		}
	}
	// Sanity check on the starting guess. The backwards check allows NaN
	// through.
	if !(salp1 <= 0) {
		salp1, calp1 = norm2(salp1, calp1)
	} else {
		salp1, calp1 = 1, 0
	}
	return sig12, salp1, calp1, salp2, calp2, dnm
}

// lambda12Result is what Lambda12 writes through its pointers.
type lambda12Result struct {
	lam12                           float64
	salp2, calp2, sig12             float64
	ssig1, csig1, ssig2, csig2, eps float64
	domg12, dlam12                  float64
}

func (g *ellipsoid) lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam120, clam120 float64,
	diffp bool, Ca []float64) lambda12Result {
	var r lambda12Result
	if sbet1 == 0 && calp1 == 0 {
		// Break the degeneracy of the equatorial line. This case has
		// already been handled.
		calp1 = -tiny
	}

	// sin(alp1) * cos(bet1) = sin(alp0)
	salp0 := salp1 * cbet1
	calp0 := math.Hypot(calp1, salp1*sbet1) // calp0 > 0

	// tan(bet1) = tan(sig1) * cos(alp1)
	// tan(omg1) = sin(alp0) * tan(sig1) = tan(omg1)=tan(alp1)*sin(bet1)
	ssig1, somg1 := sbet1, salp0*sbet1
	csig1 := calp1 * cbet1
	comg1 := csig1
	ssig1, csig1 = norm2(ssig1, csig1)
	// norm2(somg1, comg1) -- don't need to normalize!

	// Enforce symmetries in the case abs(bet2) = -bet1. Need to be careful
	// about this case, since this can yield singularities in the Newton
	// iteration.
	// sin(alp2) * cos(bet2) = sin(alp0)
	salp2 := salp1
	if cbet2 != cbet1 {
		salp2 = salp0 / cbet2
	}
	// calp2 = sqrt(1 - sq(salp2))
	//       = sqrt(sq(calp0) - sq(sbet2)) / cbet2
	// and subst for calp0 and rearrange to give (choose the positive sqrt
	// to give alp2 in [0, pi/2]).
	var calp2 float64
	if cbet2 != cbet1 || math.Abs(sbet2) != -sbet1 {
		var d float64
		if cbet1 < -sbet1 {
			d = (cbet2 - cbet1) * (cbet1 + cbet2)
		} else {
			d = (sbet1 - sbet2) * (sbet1 + sbet2)
		}
		calp2 = math.Sqrt(sq(calp1*cbet1)+d) / cbet2
	} else {
		calp2 = math.Abs(calp1)
	}
	// tan(bet2) = tan(sig2) * cos(alp2)
	// tan(omg2) = sin(alp0) * tan(sig2).
	ssig2, somg2 := sbet2, salp0*sbet2
	csig2 := calp2 * cbet2
	comg2 := csig2
	ssig2, csig2 = norm2(ssig2, csig2)
	// norm2(somg2, comg2) -- don't need to normalize!

	// sig12 = sig2 - sig1, limit to [0, pi]
	sig12 := math.Atan2(math.Max(0.0, csig1*ssig2-ssig1*csig2)+0, csig1*csig2+ssig1*ssig2)

	// omg12 = omg2 - omg1, limit to [0, pi]
	somg12 := math.Max(0.0, comg1*somg2-somg1*comg2) + 0
	comg12 := comg1*comg2 + somg1*somg2
	// eta = omg12 - lam120
	eta := math.Atan2(somg12*clam120-comg12*slam120, comg12*clam120+somg12*slam120)
	k2 := sq(calp0) * g.ep2
	eps := k2 / (2*(1+math.Sqrt(1+k2)) + k2)
	g.c3f(eps, Ca)
	B312 := sinCosSeries(true, ssig2, csig2, Ca, nC3-1) - sinCosSeries(true, ssig1, csig1, Ca, nC3-1)
	r.domg12 = -g.f * g.a3f(eps) * salp0 * (sig12 + B312)
	r.lam12 = eta + r.domg12

	if diffp {
		if calp2 == 0 {
			r.dlam12 = -2 * g.f1 * dn1 / sbet1
		} else {
			l := g.lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, cbet1, cbet2, false, false, Ca)
			r.dlam12 = l.m12b * g.f1 / (calp2 * cbet2)
		}
	}
	r.salp2, r.calp2, r.sig12 = salp2, calp2, sig12
	r.ssig1, r.csig1, r.ssig2, r.csig2, r.eps = ssig1, csig1, ssig2, csig2, eps
	return r
}

func (g *ellipsoid) a3f(eps float64) float64 {
	// Evaluate A3.
	return polyval(nA3-1, g.a3x[:], eps)
}

// c3f sets c[1] through c[nC3 - 1].
func (g *ellipsoid) c3f(eps float64, c []float64) {
	mult := 1.0
	o := 0
	for l := 1; l < nC3; l++ { // l is the index of C3[l]
		m := nC3 - l - 1 // order of the polynomial in eps
		mult *= eps
		c[l] = mult * polyval(m, g.c3x[o:], eps)
		o += m + 1
	}
}

// c4f sets c[0] through c[nC4 - 1].
func (g *ellipsoid) c4f(eps float64, c []float64) {
	mult := 1.0
	o := 0
	for l := 0; l < nC4; l++ { // l is the index of C4[l]
		m := nC4 - l - 1 // order of the polynomial in eps
		c[l] = mult * polyval(m, g.c4x[o:], eps)
		o += m + 1
		mult *= eps
	}
}

// a1m1f is the scale factor A1-1 = mean value of (d/dsigma)I1 - 1.
func a1m1f(eps float64) float64 {
	coeff := [...]float64{
		// (1-eps)*A1-1, polynomial in eps2 of order 3
		1, 4, 64, 0, 256,
	}
	m := nA1 / 2
	t := polyval(m, coeff[:], sq(eps)) / coeff[m+1]
	return (t + eps) / (1 - eps)
}

// c1f sets the coefficients C1[l] in the Fourier expansion of B1.
func c1f(eps float64, c []float64) {
	coeff := [...]float64{
		// C1[1]/eps^1, polynomial in eps2 of order 2
		-1, 6, -16, 32,
		// C1[2]/eps^2, polynomial in eps2 of order 2
		-9, 64, -128, 2048,
		// C1[3]/eps^3, polynomial in eps2 of order 1
		9, -16, 768,
		// C1[4]/eps^4, polynomial in eps2 of order 1
		3, -5, 512,
		// C1[5]/eps^5, polynomial in eps2 of order 0
		-7, 1280,
		// C1[6]/eps^6, polynomial in eps2 of order 0
		-7, 2048,
	}
	eps2 := sq(eps)
	d := eps
	o := 0
	for l := 1; l <= nC1; l++ { // l is the index of C1p[l]
		m := (nC1 - l) / 2 // order of the polynomial in eps^2
		c[l] = d * polyval(m, coeff[o:], eps2) / coeff[o+m+1]
		o += m + 2
		d *= eps
	}
}

// a2m1f is the scale factor A2-1 = mean value of (d/dsigma)I2 - 1.
func a2m1f(eps float64) float64 {
	coeff := [...]float64{
		// (eps+1)*A2-1, polynomial in eps2 of order 3
		-11, -28, -192, 0, 256,
	}
	m := nA2 / 2
	t := polyval(m, coeff[:], sq(eps)) / coeff[m+1]
	return (t - eps) / (1 + eps)
}

// c2f sets the coefficients C2[l] in the Fourier expansion of B2.
func c2f(eps float64, c []float64) {
	coeff := [...]float64{
		// C2[1]/eps^1, polynomial in eps2 of order 2
		1, 2, 16, 32,
		// C2[2]/eps^2, polynomial in eps2 of order 2
		35, 64, 384, 2048,
		// C2[3]/eps^3, polynomial in eps2 of order 1
		15, 80, 768,
		// C2[4]/eps^4, polynomial in eps2 of order 1
		7, 35, 512,
		// C2[5]/eps^5, polynomial in eps2 of order 0
		63, 1280,
		// C2[6]/eps^6, polynomial in eps2 of order 0
		77, 2048,
	}
	eps2 := sq(eps)
	d := eps
	o := 0
	for l := 1; l <= nC2; l++ { // l is the index of C2[l]
		m := (nC2 - l) / 2 // order of the polynomial in eps^2
		c[l] = d * polyval(m, coeff[o:], eps2) / coeff[o+m+1]
		o += m + 2
		d *= eps
	}
}

// a3coeff sets the coefficients of the scale factor A3 = mean value of
// (d/dsigma)I3.
func (g *ellipsoid) a3coeff() {
	coeff := [...]float64{
		// A3, coeff of eps^5, polynomial in n of order 0
		-3, 128,
		// A3, coeff of eps^4, polynomial in n of order 1
		-2, -3, 64,
		// A3, coeff of eps^3, polynomial in n of order 2
		-1, -3, -1, 16,
		// A3, coeff of eps^2, polynomial in n of order 2
		3, -1, -2, 8,
		// A3, coeff of eps^1, polynomial in n of order 1
		1, -1, 2,
		// A3, coeff of eps^0, polynomial in n of order 0
		1, 1,
	}
	o, k := 0, 0
	for j := nA3 - 1; j >= 0; j-- { // coeff of eps^j
		m := min(nA3-j-1, j) // order of the polynomial in n
		g.a3x[k] = polyval(m, coeff[o:], g.n) / coeff[o+m+1]
		k++
		o += m + 2
	}
}

// c3coeff sets the coefficients C3[l] in the Fourier expansion of B3.
func (g *ellipsoid) c3coeff() {
	coeff := [...]float64{
		// C3[1], coeff of eps^5, polynomial in n of order 0
		3, 128,
		// C3[1], coeff of eps^4, polynomial in n of order 1
		2, 5, 128,
		// C3[1], coeff of eps^3, polynomial in n of order 2
		-1, 3, 3, 64,
		// C3[1], coeff of eps^2, polynomial in n of order 2
		-1, 0, 1, 8,
		// C3[1], coeff of eps^1, polynomial in n of order 1
		-1, 1, 4,
		// C3[2], coeff of eps^5, polynomial in n of order 0
		5, 256,
		// C3[2], coeff of eps^4, polynomial in n of order 1
		1, 3, 128,
		// C3[2], coeff of eps^3, polynomial in n of order 2
		-3, -2, 3, 64,
		// C3[2], coeff of eps^2, polynomial in n of order 2
		1, -3, 2, 32,
		// C3[3], coeff of eps^5, polynomial in n of order 0
		7, 512,
		// C3[3], coeff of eps^4, polynomial in n of order 1
		-10, 9, 384,
		// C3[3], coeff of eps^3, polynomial in n of order 2
		5, -9, 5, 192,
		// C3[4], coeff of eps^5, polynomial in n of order 0
		7, 512,
		// C3[4], coeff of eps^4, polynomial in n of order 1
		-14, 7, 512,
		// C3[5], coeff of eps^5, polynomial in n of order 0
		21, 2560,
	}
	o, k := 0, 0
	for l := 1; l < nC3; l++ { // l is the index of C3[l]
		for j := nC3 - 1; j >= l; j-- { // coeff of eps^j
			m := min(nC3-j-1, j) // order of the polynomial in n
			g.c3x[k] = polyval(m, coeff[o:], g.n) / coeff[o+m+1]
			k++
			o += m + 2
		}
	}
}

// c4coeff sets the coefficients C4[l] in the Fourier expansion of I4.
func (g *ellipsoid) c4coeff() {
	coeff := [...]float64{
		// C4[0], coeff of eps^5, polynomial in n of order 0
		97, 15015,
		// C4[0], coeff of eps^4, polynomial in n of order 1
		1088, 156, 45045,
		// C4[0], coeff of eps^3, polynomial in n of order 2
		-224, -4784, 1573, 45045,
		// C4[0], coeff of eps^2, polynomial in n of order 3
		-10656, 14144, -4576, -858, 45045,
		// C4[0], coeff of eps^1, polynomial in n of order 4
		64, 624, -4576, 6864, -3003, 15015,
		// C4[0], coeff of eps^0, polynomial in n of order 5
		100, 208, 572, 3432, -12012, 30030, 45045,
		// C4[1], coeff of eps^5, polynomial in n of order 0
		1, 9009,
		// C4[1], coeff of eps^4, polynomial in n of order 1
		-2944, 468, 135135,
		// C4[1], coeff of eps^3, polynomial in n of order 2
		5792, 1040, -1287, 135135,
		// C4[1], coeff of eps^2, polynomial in n of order 3
		5952, -11648, 9152, -2574, 135135,
		// C4[1], coeff of eps^1, polynomial in n of order 4
		-64, -624, 4576, -6864, 3003, 135135,
		// C4[2], coeff of eps^5, polynomial in n of order 0
		8, 10725,
		// C4[2], coeff of eps^4, polynomial in n of order 1
		1856, -936, 225225,
		// C4[2], coeff of eps^3, polynomial in n of order 2
		-8448, 4992, -1144, 225225,
		// C4[2], coeff of eps^2, polynomial in n of order 3
		-1440, 4160, -4576, 1716, 225225,
		// C4[3], coeff of eps^5, polynomial in n of order 0
		-136, 63063,
		// C4[3], coeff of eps^4, polynomial in n of order 1
		1024, -208, 105105,
		// C4[3], coeff of eps^3, polynomial in n of order 2
		3584, -3328, 1144, 315315,
		// C4[4], coeff of eps^5, polynomial in n of order 0
		-128, 135135,
		// C4[4], coeff of eps^4, polynomial in n of order 1
		-2560, 832, 405405,
		// C4[5], coeff of eps^5, polynomial in n of order 0
		128, 99099,
	}
	o, k := 0, 0
	for l := 0; l < nC4; l++ { // l is the index of C4[l]
		for j := nC4 - 1; j >= l; j-- { // coeff of eps^j
			m := nC4 - j - 1 // order of the polynomial in n
			g.c4x[k] = polyval(m, coeff[o:], g.n) / coeff[o+m+1]
			k++
			o += m + 2
		}
	}
}

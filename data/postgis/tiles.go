package postgis

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
)

var _ geo.TileReader = (*Store)(nil)

// tileStatements holds one prepared statement per collection definition:
// a tile is one round trip that PostgreSQL neither parses nor plans anew
// (database/sql prepares it again on each connection that first runs it).
type tileStatements struct {
	mu    sync.Mutex
	stmts map[*geo.Collection]*sql.Stmt
}

// Tile returns tile z/x/y of a collection as MVT, built by ST_AsMVT in one
// prepared statement; an empty slice when no feature falls in it. A
// filtered tile adds the items' WHERE (whereSQL, its values from $4 on)
// and is planned per request: its shape varies with the filter.
func (s *Store) Tile(ctx context.Context, c *geo.Collection, z, x, y int, f geo.TileFilter) ([]byte, error) {
	if err := geo.CheckTile(z, x, y, geo.MaxTileZoom); err != nil {
		return nil, err
	}
	// An unfiltered tile of a built-in collection is kept in the page
	// cache: tiles are read over and over (every viewer of a place asks
	// for the same ones) and change only with the data.
	v, cached := s.pages.start()
	cached = cached && c.Builtin && f.IsZero()
	key := ""
	if cached {
		key = tileKey(c, z, x, y)
		if tile, ok := s.pages.getTile(key); ok {
			return tile, nil
		}
	}
	var row *sql.Row
	if f.IsZero() {
		stmt, err := s.tileStatement(ctx, c)
		if err != nil {
			return nil, err
		}
		row = stmt.QueryRowContext(ctx, z, x, y)
	} else {
		a := args{z, x, y}
		where, err := whereSQL(c, geo.FeatureQuery{Where: f.Where, Filter: f.Filter, Datetime: f.Datetime}, &a, s.cql)
		if err != nil {
			return nil, err
		}
		row = s.db.QueryRowContext(ctx, tileSQL(c, where), a...)
	}
	var tile []byte
	if err := row.Scan(&tile); err != nil {
		return nil, wrap("tile "+c.ID, err)
	}
	if tile == nil {
		tile = []byte{}
	}
	if cached {
		s.pages.putTile(key, v, tile)
	}
	return tile, nil
}

// tileKey names an unfiltered tile in the page cache.
func tileKey(c *geo.Collection, z, x, y int) string {
	return "tile\x00" + c.ID + "\x00" + strconv.Itoa(z) + "/" + strconv.Itoa(x) + "/" + strconv.Itoa(y)
}

// tileStatement prepares the collection's tile query once and keeps it. A
// failed prepare (the database away) is not kept, so the next tile tries
// again.
func (s *Store) tileStatement(ctx context.Context, c *geo.Collection) (*sql.Stmt, error) {
	s.tiles.mu.Lock()
	defer s.tiles.mu.Unlock()
	if stmt, ok := s.tiles.stmts[c]; ok {
		return stmt, nil
	}
	stmt, err := s.db.PrepareContext(ctx, tileSQL(c, ""))
	if err != nil {
		return nil, wrap("prepare tile "+c.ID, err)
	}
	if s.tiles.stmts == nil {
		s.tiles.stmts = map[*geo.Collection]*sql.Stmt{}
	}
	s.tiles.stmts[c] = stmt
	return stmt, nil
}

// closeTiles closes the prepared tile statements.
func (s *Store) closeTiles() {
	s.tiles.mu.Lock()
	defer s.tiles.mu.Unlock()
	for c, stmt := range s.tiles.stmts {
		stmt.Close()
		delete(s.tiles.stmts, c)
	}
}

// tileSQL is the tile query of a collection, $1 = z, $2 = x, $3 = y. The
// GIST index selects the rows whose box meets the tile and its buffer (the
// envelope is transformed to the table's CRS, densified when that CRS is
// not lon/lat so that its curved edges are kept); ST_AsMVTGeom projects,
// snaps, clips to the buffer and drops what is left empty; ST_AsMVT skips
// rows whose geometry is then NULL. Properties are written as
// geo.TileValue says: lists as JSON text, integers as integers, times as
// to_json writes them, nulls left out; the id is a property named as the
// definition names it (MVT ids are unsigned integers, parkmap's are
// text). Rows come in id order so that a tile's bytes, and its ETag, are
// the same on every run and every replica. where, when not empty, is a
// further condition on the rows (whereSQL's, on the alias x).
func tileSQL(c *geo.Collection, where string) string {
	const envelope = "ST_TileEnvelope($1::int, $2::int, $3::int)"
	// The buffered envelope is clipped to the square of EPSG:3857: beyond
	// it, near the poles, there is no latitude to transform it to.
	margin := fmt.Sprintf("ST_ClipByBox2D(ST_TileEnvelope($1::int, $2::int, $3::int, margin => %g), ST_TileEnvelope(0, 0, 0)::box2d)", float64(geo.TileBuffer)/geo.TileExtent)
	g := column(c.Table.GeometryColumn)
	search := fmt.Sprintf("ST_Transform(%s, %d)", margin, c.Table.SRID)
	if c.Table.SRID != 3857 && c.Table.SRID != 4326 {
		search = fmt.Sprintf("ST_Transform(ST_Segmentize(%s, (2 * pi() * 6378137 / 2 ^ $1::int) / 16), %d)", margin, c.Table.SRID)
	}
	mercator := fmt.Sprintf("ST_Transform(%s, 3857)", g)
	if c.Table.SRID == 3857 {
		mercator = g
	}
	var cols []string
	if c.Index(c.IDProperty) < 0 {
		cols = append(cols, column(c.Table.IDColumn)+"::text AS "+pq.QuoteIdentifier(c.IDProperty))
	}
	for _, p := range c.Properties {
		cols = append(cols, tileValueSQL(p)+" AS "+pq.QuoteIdentifier(p.Name))
	}
	id := column(c.Table.IDColumn) + idCollation(c)
	if where != "" {
		where = "\n\tAND " + where
	}
	return fmt.Sprintf(`SELECT ST_AsMVT(t.*, %s, %d, 'mvt_geom') FROM (
	SELECT ST_AsMVTGeom(%s, %s, %d, %d, true) AS mvt_geom, %s
	FROM %s x
	WHERE %s && %s%s
	ORDER BY %s
) t`, pq.QuoteLiteral(c.ID), geo.TileExtent, mercator, envelope, geo.TileExtent, geo.TileBuffer,
		strings.Join(cols, ", "), table(c.Table), g, search, where, id)
}

// tileValueSQL is a property's value as geo.TileValue writes it.
func tileValueSQL(p geo.Property) string {
	col := column(p.ColumnName())
	switch p.Type {
	case geo.TypeNumber:
		return col + "::float8"
	case geo.TypeInteger:
		return col + "::bigint"
	case geo.TypeBoolean:
		return col + "::bool"
	case geo.TypeStrings:
		return "to_json(" + col + ")::text"
	case geo.TypeDate, geo.TypeTimestamp:
		return "to_json(" + col + ") #>> '{}'"
	}
	return col + "::text"
}

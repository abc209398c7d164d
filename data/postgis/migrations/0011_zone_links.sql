-- 0011: the nearest hosts the siting index is built on (geo.ZoneLink),
-- kept by the writers. Searching them is most of building the index (seconds
-- at ten thousand zones), which the first request after every write paid;
-- now each parkmap write that moves the zones' version computes them in Go
-- before it commits (zonelinks.go), and a reader, on the primary or on a
-- streaming replica, reads them in the same snapshot as the zones.
--
-- A row per chain and segment a flow of the chain links: for each zone of
-- the chain with one, ordered by id, the nearest other zone of the chain
-- hosting the segment and the geodesic distance between their boundaries
-- (none when the zone hosts the segment itself or no other zone does). A
-- row of arrays rather than a row per zone: a reader reads ten thousand
-- zones' links in a few rows. data_versions.zone_links is the version of
-- the zones (data_versions.zones) they were computed from, -1 for none: a
-- reader uses them only when it is the version it reads, and searches
-- itself otherwise (after a write from outside parkmap, until parkmap's
-- next write or migrate).
CREATE TABLE zone_links (
	chain       text NOT NULL,
	segment     text NOT NULL,
	zones       text[] NOT NULL,
	hosts       text[] NOT NULL,
	distances_m double precision[] NOT NULL,
	PRIMARY KEY (chain, segment)
);
INSERT INTO data_versions (name, version) VALUES ('zone_links', -1);

-- Each zone's geo.LinkDigest (its chain's flows, its segments, its
-- geometry) as the links were computed: a writer searches again only
-- around the zones whose digest differs (geo.UpdateZoneLinks), whoever
-- changed them, so that a write of one zone costs a fraction of a search
-- of every zone.
CREATE TABLE zone_link_digests (
	zone   text PRIMARY KEY,
	digest bytea NOT NULL
);

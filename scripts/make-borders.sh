#!/bin/sh
# Derives maps/shusha/borders.geojson from Natural Earth 1:10m admin-0
# (v4.1.0, public domain) as packaged in the npm package world-atlas@2.0.2.
#
# Borders are drawn as lines, each shared border once: the intersection of
# the boundaries of two neighbouring countries (kind "border"), plus the parts
# of a country's boundary no neighbour shares (kind "coastline", here the
# Caspian shore). The lines are computed on whole countries and only then
# clipped to the region, so the clip rectangle never shows up as a border.
#
# Needs: npm (for `npm pack`), bc, GDAL's ogr2ogr with SpatiaLite (Debian 12's).
# Usage: scripts/make-borders.sh [OUT.geojson]   (run from anywhere)
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$here/maps/shusha/borders.geojson"}
# The region: lon 43-51 E, lat 37.5-42.5 N (South Caucasus).
west=43 south=37.5 east=51 north=42.5
source_text="Natural Earth 1:10m admin-0 v4.1.0 via world-atlas 2.0.2 (public domain)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent world-atlas@2.0.2 >/dev/null)
tar -xzf "$work/world-atlas-2.0.2.tgz" -C "$work"
topo="$work/package/countries-10m.json"

# Countries that reach into the region, cut to a box 5 degrees wider on
# every side: that keeps Russia's antimeridian seam out of GEOS, and the cut
# edges it adds lie outside the region, so the final clip removes them.
ogr2ogr -q -f GPKG "$work/countries.gpkg" "$topo" countries \
  -a_srs EPSG:4326 -nlt PROMOTE_TO_MULTI -nln countries -makevalid \
  -spat "$west" "$south" "$east" "$north" -select id,name \
  -clipsrc $((west - 5)) $(echo "$south - 5" | bc) $((east + 5)) $(echo "$north + 5" | bc)

# Shared borders (once per pair of neighbours) and unshared boundary (coast).
ogr2ogr -q -f GPKG "$work/lines.gpkg" "$work/countries.gpkg" -dialect SQLite -nln lines \
  -nlt MULTILINESTRING -sql "
  SELECT a.name || ' – ' || b.name AS name, 'border' AS kind,
         a.name AS country_a, b.name AS country_b,
         CastToMultiLinestring(ST_LineMerge(CollectionExtract(
           ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2))) AS geom
  FROM countries a JOIN countries b ON a.name < b.name
  WHERE ST_Intersects(a.geom, b.geom)
  UNION ALL
  SELECT a.name || ' coast' AS name, 'coastline' AS kind, a.name AS country_a, NULL AS country_b,
         CastToMultiLinestring(ST_LineMerge(CollectionExtract(
           ST_Difference(ST_Boundary(a.geom),
             (SELECT ST_Union(ST_Boundary(o.geom)) FROM countries o WHERE o.name <> a.name)), 2))) AS geom
  FROM countries a"

# Clip to the region, drop what falls outside, add provenance.
rm -f "$out"
ogr2ogr -q -f GeoJSON "$out" "$work/lines.gpkg" -dialect SQLite -nln borders \
  -lco RFC7946=YES -lco COORDINATE_PRECISION=6 -lco WRITE_NAME=NO -sql "
  SELECT name, kind, country_a, country_b,
         '$source_text' AS source, 0 AS approximate,
         CastToMultiLinestring(ST_LineMerge(CollectionExtract(
           ST_Intersection(geom, BuildMbr($west, $south, $east, $north, 4326)), 2))) AS geom
  FROM lines
  WHERE geom IS NOT NULL
    AND ST_Intersects(geom, BuildMbr($west, $south, $east, $north, 4326))
    AND ST_Length(ST_Intersection(geom, BuildMbr($west, $south, $east, $north, 4326))) > 0
  ORDER BY kind, name"

echo "wrote $out"

package geo

// The built-in collections' ids.
const (
	CollectionParks    = "parks"
	CollectionProjects = "projects"
	CollectionCounties = "counties"
)

// slugPattern is what a built-in feature id looks like: letters, digits and
// the URL-safe marks, so that a planner's QJ_01 is an id like longquan.
const slugPattern = `^[A-Za-z0-9][A-Za-z0-9_.~-]{0,199}$`

// Definitions shared by the built-in collections.
var (
	propChain = Property{Name: "chain", Type: TypeString, Queryable: true, Sortable: true, Required: true,
		Title:       Text{"产业链", "Chain"},
		Description: Text{"所属产业链的标识。", "The slug of the chain it belongs to."}}
	propAccuracy = Property{Name: "geometry_accuracy", Type: TypeString, Queryable: true, Required: true,
		Enum:        []string{string(AccuracySurveyed), string(AccuracyDigitized), string(AccuracySchematic), string(AccuracySynthetic)},
		Title:       Text{"几何精度", "Geometry accuracy"},
		Description: Text{"几何的来历：实测、数字化、示意或合成。", "How the geometry was made: surveyed, digitized, schematic or synthetic."}}
	propNoteZH = Property{Name: "note_zh", Type: TypeString,
		Title: Text{"备注（中文）", "Note (Chinese)"}, Description: Text{"中文备注。", "A note in Chinese."}}
	propNoteEN = Property{Name: "note_en", Type: TypeString,
		Title: Text{"备注（英文）", "Note (English)"}, Description: Text{"英文备注。", "A note in English."}}
	propSources = Property{Name: "sources", Type: TypeStrings, Column: "citations", Derived: true,
		Title:       Text{"来源", "Sources"},
		Description: Text{"所依据的公开来源，每条为完整引文。", "The public sources it rests on, each as a full citation."}}
)

// Parks is the definition of the zones: the industrial parks with the chain
// segments allocated to them.
var Parks = &Collection{
	ID:           CollectionParks,
	Title:        Text{"产业园区", "Industrial zones"},
	Description:  Text{"产业园区及分配给各园区的产业链环节。", "Industrial zones with the chain segments allocated to each."},
	GeometryType: GeometryMultiPolygon,
	IDProperty:   "id",
	IDPattern:    slugPattern,
	Builtin:      true,
	Table:        Table{Name: "parks", IDColumn: "id", GeometryColumn: "geom", SRID: 4326},
	Properties: []Property{
		{Name: "name_zh", Type: TypeString, Queryable: true, Sortable: true, Required: true,
			Title: Text{"名称（中文）", "Name (Chinese)"}, Description: Text{"园区中文名称。", "The zone's name in Chinese."}},
		{Name: "name_en", Type: TypeString, Queryable: true, Sortable: true, Required: true,
			Title: Text{"名称（英文）", "Name (English)"}, Description: Text{"园区英文名称。", "The zone's name in English."}},
		{Name: "county_code", Type: TypeString, Queryable: true, Sortable: true, Domain: DomainCounties, Param: "county", Required: true,
			Title:       Text{"县级行政区代码", "County code"},
			Description: Text{"所在县级行政区的六位代码。", "The 6-digit code of the county it lies in."}},
		{Name: "status", Type: TypeString, Queryable: true, Sortable: true, Required: true,
			Enum:        []string{string(StatusOperating), string(StatusPlanned), string(StatusReserved)},
			Title:       Text{"状态", "Status"},
			Description: Text{"运营、规划，或为产业链预留。", "Operating, planned, or reserved for a chain."}},
		propChain,
		{Name: "segments", Type: TypeStrings, Queryable: true, Domain: DomainSegments, Param: "segment",
			Title:       Text{"承接环节", "Segments"},
			Description: Text{"园区承接的产业链环节，按链上顺序。", "The chain segments the zone hosts, in chain order."}},
		{Name: "stages", Type: TypeStrings, Queryable: true, Domain: DomainStages, Param: "stage", Derived: true,
			Title:       Text{"所属阶段", "Stages"},
			Description: Text{"这些环节所属的阶段，按链上顺序。", "The stages of those segments, in chain order."}},
		{Name: "area_ha", Type: TypeNumber, Unit: "ha", Queryable: true, Sortable: true, Derived: true,
			Title:       Text{"面积", "Area"},
			Description: Text{"所绘边界的椭球面积（WGS 84），公顷。", "Ellipsoidal (WGS 84) area of the drawn boundary, in hectares."}},
		{Name: "planned_area_km2", Type: TypeNumber, Unit: "km²", Nullable: true, Queryable: true, Sortable: true,
			Minimum: new(0.0), ExclusiveMinimum: true,
			Title:       Text{"规划面积", "Planned area"},
			Description: Text{"公开来源给出的规划面积，平方公里；未公布时为空。", "The official planned area in km² when a source gives one; null when nobody published it."}},
		propAccuracy,
		propNoteZH,
		propNoteEN,
		propSources,
	},
}

// Projects is the definition of the enterprise investment projects.
var Projects = &Collection{
	ID:               CollectionProjects,
	Title:            Text{"企业项目", "Enterprise projects"},
	Description:      Text{"企业投资项目；来源未说明所在园区的项目没有几何。", "Enterprise investment projects; a project whose zone no source names has no geometry."},
	GeometryType:     GeometryPoint,
	GeometryNullable: true,
	IDProperty:       "id",
	IDPattern:        slugPattern,
	Builtin:          true,
	Table:            Table{Name: "projects", IDColumn: "id", GeometryColumn: "geom", SRID: 4326},
	Properties: []Property{
		{Name: "enterprise_zh", Type: TypeString, Queryable: true, Sortable: true, Required: true,
			Title: Text{"企业（中文）", "Enterprise (Chinese)"}, Description: Text{"企业中文名称。", "The enterprise's name in Chinese."}},
		{Name: "enterprise_en", Type: TypeString, Queryable: true, Sortable: true, Required: true,
			Title: Text{"企业（英文）", "Enterprise (English)"}, Description: Text{"企业英文名称。", "The enterprise's name in English."}},
		propChain,
		{Name: "segments", Type: TypeStrings, Queryable: true, Domain: DomainSegments, Param: "segment",
			Title:       Text{"环节", "Segments"},
			Description: Text{"项目所属的产业链环节。", "The chain segments of the project."}},
		{Name: "park", Type: TypeString, Nullable: true, Queryable: true, Sortable: true,
			Title:       Text{"所在园区", "Zone"},
			Description: Text{"来源说明时为所在园区的标识，否则为空。", "The id of its zone when a source names it; null otherwise."}},
		{Name: "county_code", Type: TypeString, Nullable: true, Queryable: true, Sortable: true, Domain: DomainCounties, Param: "county",
			Title:       Text{"县级行政区代码", "County code"},
			Description: Text{"所在县级行政区的六位代码；未知时为空。", "The 6-digit code of its county; null when unknown."}},
		{Name: "capacity_zh", Type: TypeString,
			Title: Text{"产能（中文）", "Capacity (Chinese)"}, Description: Text{"来源所述产能。", "The capacity as the source states it, in Chinese."}},
		{Name: "capacity_en", Type: TypeString,
			Title: Text{"产能（英文）", "Capacity (English)"}, Description: Text{"来源所述产能（英文）。", "The capacity as the source states it, in English."}},
		{Name: "investment_yi_cny", Type: TypeNumber, Unit: "亿元", Nullable: true, Queryable: true, Sortable: true,
			Minimum:     new(0.0),
			Title:       Text{"总投资", "Total investment"},
			Description: Text{"总投资，亿元；未知时为空。", "Total investment in 亿元 (100 million CNY); null when unknown."}},
		func() Property {
			p := propAccuracy
			p.Nullable = true
			p.Description = Text{"点位的来历；未定位的项目为空。", "How the point was made; null for a project not placed."}
			return p
		}(),
		propNoteZH,
		propNoteEN,
		propSources,
	},
}

// Counties is the definition of the county-level divisions, the offline
// base map.
var Counties = &Collection{
	ID:           CollectionCounties,
	Title:        Text{"县级行政区", "Counties"},
	Description:  Text{"县级行政区划，离线底图（边界约 100 米精度）。", "County-level divisions: the offline base map (boundaries to about 100 m)."},
	GeometryType: GeometryMultiPolygon,
	IDProperty:   "code",
	IDPattern:    slugPattern,
	Builtin:      true,
	Table:        Table{Name: "counties", IDColumn: "code", GeometryColumn: "geom", SRID: 4326},
	Properties: []Property{
		{Name: "code", Type: TypeString, Queryable: true, Sortable: true, Domain: DomainCounties, Param: "county", Required: true,
			Title: Text{"代码", "Code"}, Description: Text{"六位行政区划代码。", "The 6-digit administrative code."}},
		{Name: "name_zh", Type: TypeString, Queryable: true, Sortable: true, Required: true,
			Title: Text{"名称（中文）", "Name (Chinese)"}, Description: Text{"中文名称。", "The name in Chinese."}},
		{Name: "name_en", Type: TypeString, Queryable: true, Sortable: true, Required: true,
			Title: Text{"名称（英文）", "Name (English)"}, Description: Text{"英文名称。", "The name in English."}},
		{Name: "area_km2", Type: TypeNumber, Unit: "km²", Queryable: true, Sortable: true, Derived: true,
			Title:       Text{"面积", "Area"},
			Description: Text{"椭球面积（WGS 84），平方公里。", "Ellipsoidal (WGS 84) area in km²."}},
		propSources,
	},
}

// Builtin returns the built-in collections in the order they are presented.
func Builtin() Catalog { return Catalog{Parks, Projects, Counties, Parcels} }

// CollectionParcels is the land parcels' collection id.
const CollectionParcels = "parcels"

// ParcelStatus is where a parcel stands: free to buy or lease, or not.
type ParcelStatus string

// The statuses a parcel can have.
const (
	ParcelAvailable ParcelStatus = "available"
	ParcelReserved  ParcelStatus = "reserved"
	ParcelLeased    ParcelStatus = "leased"
	ParcelBuilt     ParcelStatus = "built"
)

// LandUses are the classes of industrial and logistics land of the national
// standard for urban land use (GB 50137-2011): M1–M3 industrial land by its
// effect on its surroundings, W1–W3 logistics and warehouse land.
var LandUses = []string{"M1", "M2", "M3", "W1", "W2", "W3"}

// Parcels is the definition of the land parcels (地块): the unit a planner
// allocates and an investor buys or leases.
var Parcels = &Collection{
	ID:           CollectionParcels,
	Title:        Text{"地块", "Land parcels"},
	Description:  Text{"园区内的工业和物流仓储用地地块，及其状态与分配。", "Industrial and logistics land parcels in the zones, with their status and allocation."},
	GeometryType: GeometryPolygon,
	IDProperty:   "id",
	IDPattern:    slugPattern,
	Builtin:      true,
	Table:        Table{Name: "parcels", IDColumn: "id", GeometryColumn: "geom", SRID: 4326},
	Properties: []Property{
		{Name: "park", Type: TypeString, Queryable: true, Sortable: true, Required: true,
			Title:       Text{"所在园区", "Zone"},
			Description: Text{"地块所在园区的标识。", "The id of the zone the parcel lies in."}},
		{Name: "land_use", Type: TypeString, Queryable: true, Sortable: true, Enum: LandUses, Required: true,
			Title:       Text{"用地性质", "Land use"},
			Description: Text{"GB 50137-2011 用地分类：M1–M3 工业用地，W1–W3 物流仓储用地。", "The class of land under GB 50137-2011: M1–M3 industrial, W1–W3 logistics and warehouse."}},
		{Name: "area_ha", Type: TypeNumber, Unit: "ha", Queryable: true, Sortable: true, Derived: true,
			Title:       Text{"面积", "Area"},
			Description: Text{"椭球面积（WGS 84），公顷。", "Ellipsoidal (WGS 84) area, in hectares."}},
		{Name: "status", Type: TypeString, Queryable: true, Sortable: true, Required: true,
			Enum:        []string{string(ParcelAvailable), string(ParcelReserved), string(ParcelLeased), string(ParcelBuilt)},
			Title:       Text{"状态", "Status"},
			Description: Text{"可供、预留、已出让（租）或已建成。", "Available, reserved, leased or built."}},
		{Name: "segment", Type: TypeString, Nullable: true, Queryable: true, Sortable: true, Domain: DomainSegments,
			Title:       Text{"分配环节", "Segment"},
			Description: Text{"地块分配给的产业链环节；未分配时为空。", "The chain segment the parcel is allocated to; null when none."}},
		{Name: "enterprise", Type: TypeString, Nullable: true, Queryable: true, Sortable: true,
			Title:       Text{"企业", "Enterprise"},
			Description: Text{"使用地块的企业；无或未知时为空。", "The enterprise using the parcel; null when none or unknown."}},
		propAccuracy,
		propSources,
	},
}

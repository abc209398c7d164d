// i18n.js holds every string of the interface, in Simplified Chinese and in
// English, and the current language. Modules ask t(key) for a string and
// subscribe with onChange to redraw when the reader switches language.

/** The languages of the interface, the first being the default. */
export const LANGUAGES = ['zh-Hans', 'en'];

const DICTIONARY = {
  'zh-Hans': {
    'title': '产业园区与产业链布局',
    'subtitle': '产业链园区布局',
    'subtitle.counts': '{zones} 个园区 · {projects} 个项目 · {counties} 个县（市、区）',
    'schematic': '示意边界：园区边界依估计位置绘制，并非官方边界。',
    'synthetic': '合成数据：此城市的园区、项目与边界为测试与演示而虚构，并非真实。',
    'syntheticZones': '部分园区为合成数据：程序生成，并非真实园区。',
    'map.label': '{title}地图',
    'skip': '跳到面板',
    'lang.group': '界面语言',
    'lang.zh': '中文',
    'lang.en': 'English',
    'loading': '正在加载地图数据…',
    'loading.short': '正在加载…',
    'error.load': '无法加载地图数据：{message}',
    'error.panel': '无法加载：{message}',
    'error.retryIn': '{n} 秒后重试。',
    'error.retryNow': '立即重试',
    'subtitle.date': '数据截至 {date}',
    'detail.whyOffline': '离线底图只有县界：放大到这一级，已无更多底图细节可显示。',
    'detail.why': '离线底图只有县界，放大后已无更多细节。',
    'detail.online': '改用在线底图',
    'zoom.group': '缩放',
    'zoom.in': '放大',
    'zoom.out': '缩小',
    'popup.close': '关闭',
    'attribution.counties': '县界：{link}',
    'list.colon': '：',
    'panel.label': '面板',
    'panel.tabs': '面板内容',
    'panel.open': '展开面板',
    'panel.close': '收起面板',
    'tab.zones': '园区',
    'tab.chain': '产业链',
    'tab.coverage': '覆盖',
    'tab.projects': '项目',
    'tab.siting': '选址',
    'layers.title': '图层',
    'layers.offline': '离线底图（县界）',
    'layers.online': '在线底图',
    'layers.projects': '企业项目',
    'legend.title': '图例',
    'legend.fill': '填色：园区多数环节所属的阶段',
    'legend.reserved': '预留园区（斜纹）',
    'legend.planned': '规划园区（虚线、浅色）',
    'legend.chips': '色块：园区涉及的全部阶段',
    'legend.faded': '淡化：不符合筛选',
    'legend.project': '企业项目（位置为示意）',
    'legend.projectSynthetic': '企业项目（合成数据）',
    'legend.date': '数据截至 {date}（最新来源）',
    'parcels.title': '地块',
    'parcels.colourBy': '着色',
    'parcels.byStatus': '按状态',
    'parcels.byLandUse': '按用地性质',
    'parcels.available': '仅显示可供地块',
    'parcels.minArea': '面积不小于（公顷）',
    'parcels.segment': '分配环节',
    'parcels.anySegment': '全部环节',
    'parcels.zoomIn': '放大到 {zoom} 级及以上显示地块。',
    'parcels.counting': '正在统计视图中的地块…',
    'parcels.count': '视图中有 {count} 块地块符合筛选。',
    'parcels.syntheticAll': '合成数据：全部 {count} 块地块由程序生成，并非真实地块。来源：',
    'parcels.syntheticSome': '其中 {count} 块地块为程序生成的合成数据，并非真实地块。来源：',
    'parcelStatus.available': '可供',
    'parcelStatus.reserved': '预留',
    'parcelStatus.leased': '已出让（租）',
    'parcelStatus.built': '已建成',
    'landUse.M1': 'M1 一类工业用地',
    'landUse.M2': 'M2 二类工业用地',
    'landUse.M3': 'M3 三类工业用地',
    'landUse.W1': 'W1 一类物流仓储用地',
    'landUse.W2': 'W2 二类物流仓储用地',
    'landUse.W3': 'W3 三类物流仓储用地',
    'parcelAccuracy.surveyed': '实测',
    'parcelAccuracy.digitized': '数字化',
    'parcelAccuracy.schematic': '示意',
    'parcelAccuracy.synthetic': '合成（程序生成，非真实地块）',
    'parcel.title': '地块 {id}',
    'parcel.zone': '所在园区',
    'parcel.landUse': '用地性质',
    'parcel.area': '面积',
    'parcel.ha': '{n} 公顷',
    'parcel.status': '状态',
    'parcel.segment': '分配环节',
    'parcel.enterprise': '企业',
    'parcel.accuracy': '几何精度',
    'parcel.sources': '来源：',
    'parcel.none': '无',
    'zone.open': '{name}：查看详情',
    'zone.openRanked': '{name}（选址排名第 {rank}）：查看详情',
    'zone.reservedSuffix': '（预留）',
    'zone.plannedSuffix': '（规划）',
    'status.operating': '运营中',
    'status.planned': '规划中',
    'status.reserved': '预留',
    'accuracy.schematic': '示意边界',
    'accuracy.digitized': '数字化边界',
    'accuracy.surveyed': '测绘边界',
    'accuracy.synthetic': '合成边界',
    'zones.title': '园区',
    'zones.listLabel': '园区列表：选择一个园区查看详情',
    'zones.segmentsCount': '{n} 个环节',
    'zones.back': '全部园区',
    'filter.title': '按产业链环节筛选',
    'filter.none': '未筛选：显示全部 {total} 个园区。',
    'filter.count': '{n} / {total} 个园区承载所选环节',
    'picker.choose': '选择环节…',
    'picker.chooseMore': '已选 {n} 个环节 · 修改',
    'picker.chooseOne': '选择要建设的环节…',
    'picker.search': '搜索：中文、English 或代码',
    'picker.searchLabel': '按名称或代码搜索环节',
    'picker.none': '没有匹配的环节。',
    'picker.hosts': '{n} 个园区承载',
    'picker.remove': '取消筛选：{name}',
    'picker.clear': '全部清除',
    'export.title': '导出',
    'export.count': '视野内的 {n} 个园区。',
    'export.countFiltered': '视野内、符合筛选的 {n} 个园区。',
    'export.geojson': '导出 GeoJSON',
    'export.csv': '导出 CSV',
    'export.kml': '导出 KML（奥维、谷歌地球）',
    'export.gpkg': '导出 GeoPackage',
    'export.geojsonseq': '导出 GeoJSON 序列',
    'export.failed': '导出失败：{message}',
    'card.status': '状态',
    'card.county': '所在县区',
    'card.area': '图上面积',
    'card.areaValue': '{ha} 公顷 · {km2} 平方公里',
    'card.areaAccuracy': '（{accuracy}）',
    'card.plannedArea': '规划面积',
    'card.plannedAreaValue': '{km2} 平方公里（{ha} 公顷）',
    'card.schematic': '示意边界：此园区边界依估计位置绘制，并非官方边界；面积为图上面积。',
    'card.synthetic': '合成边界：此园区为测试与演示而虚构，并非真实园区；面积为图上面积。',
    'card.segments': '产业链环节',
    'card.filterBy': '在地图上筛选承载“{name}”的园区',
    'card.noSegments': '尚未分配产业链环节。',
    'card.noSegmentsReserved': '尚未分配产业链环节：预留为未来的电池产业园区。',
    'card.projects': '项目',
    'card.noProjects': '暂无已知落在此园区的项目。',
    'card.note': '说明',
    'card.sources': '来源',
    'project.segment': '环节',
    'project.zone': '园区',
    'project.noZone': '未说明',
    'project.unplacedZone': '未说明（未标注在地图上）',
    'project.capacity': '产能',
    'project.investment': '投资',
    'project.investmentUnknown': '未公布',
    'project.noSegment': '未说明',
    'project.otherChain': '{chain}产业链',
    'project.sources': '来源',
    'project.show': '在地图上查看',
    'project.here': '此处有 {n} 个项目（位置为所在园区的示意位置）',
    'project.marker': '企业项目：{names}',
    'projects.intro': '{placed} 个项目标注在地图上；{unplaced} 个项目来源未给出园区或地点，只列出、不标注。',
    'projects.placed': '地图上的项目',
    'projects.unplaced': '未标注位置的项目',
    'projects.unplacedWhy': '来源未给出园区或具体地点，故不在地图上臆测位置。',
    'chain.intro': '{chain}：{stages} 个阶段、{segments} 个环节，其中 {gaps} 个尚无园区承载（缺口）。',
    'chain.diagramLabel': '{chain}产业链图',
    'chain.gap': '缺口 · 待补链',
    'chain.gapSpoken': '尚无园区承载（缺口）',
    'chain.hostsSpoken': '承载园区：{zones}',
    'chain.nodeLabel': '{name}（{stage}）：{hosts}。按下以在地图上筛选。',
    'chain.keyHosted': '环节及承载园区',
    'chain.keyGap': '缺口：尚无园区承载',
    'chain.keyFlow': '物料流向',
    'chain.more': '图较宽：左右滑动可看全部阶段。',
    'chain.keyBack': '回收流向',
    'chain.hint': '点击环节即在地图上筛选承载它的园区；再次点击取消。',
    'coverage.intro': '各环节由哪些园区承载：缺口为尚无园区承载的环节（待补链），重叠为由两个及以上园区承载的环节。',
    'coverage.gaps': '缺口',
    'coverage.overlaps': '重叠',
    'coverage.gap': '缺口',
    'coverage.overlap': '重叠',
    'coverage.noGaps': '没有缺口。',
    'coverage.noOverlaps': '没有重叠。',
    'coverage.gapHint': '尚无园区承载：待补链。',
    'coverage.overlapHint': '由两个及以上园区承载。',
    'coverage.caption': '{chain}：环节 × 园区',
    'coverage.segment': '环节',
    'coverage.zones': '园区数',
    'coverage.hosts': '由{zone}承载',
    'coverage.notHosted': '不承载',
    'coverage.toggle': '在地图上筛选（再次点击取消）',
    'coverage.csv': '下载 CSV',
    'coverage.tableLabel': '覆盖矩阵',
    'siting.intro': '选择要建设的环节，查看各园区的排名及理由：是否规划布局该环节、上下游环节在园区内或相距多远，以及（可选）到您关注地点的距离。',
    'siting.segment': '要建设的环节',
    'siting.point': '关注地点（可选）',
    'siting.pointHint': '在地图上点击即可设定地点（如港口、城镇或矿山），排名将计入到该地点的距离。',
    'siting.pointSet': '在地图上点击或拖动标记可更改地点。',
    'siting.useCentre': '以地图中心为地点',
    'siting.clear': '清除地点',
    'siting.coords': '{lat}，{lon}',
    'siting.inZone': '位于{zone}内',
    'siting.inCounty': '位于{county}',
    'siting.outside': '不在{city}范围内',
    'siting.outsideAny': '不在任何县（市、区）内',
    'siting.marker': '关注地点（可拖动）',
    'siting.choose': '先选择要建设的环节，即可看到园区排名。',
    'siting.loading': '正在计算排名…',
    'siting.announce': '“{segment}”排名已更新：第一名{zone}，得分 {score}。',
    'siting.ranking': '“{segment}”选址排名',
    'siting.suppliers': '上游（供应）环节',
    'siting.customers': '下游（用户）环节',
    'siting.noneListed': '无',
    'siting.chooseZone': '第 {rank} 名：{zone}，得分 {score}；在地图上显示其供需连线',
    'siting.score': '得分（0–100）',
    'siting.cPlan': '规划',
    'siting.cSuppliers': '上游',
    'siting.cCustomers': '下游',
    'siting.cNear': '地点',
    'siting.reserved': '预留',
    'siting.showLinks': '显示供需连线',
    'siting.openZone': '园区详情',
    'siting.weights': '权重：规划 {plan} · 上游 {suppliers} · 下游 {customers} · 地点 {near}。',
    'siting.wTitle': '权重',
    'siting.wIntro': '调整得分中各部分的权重，排名随之更新；只有各权重之间的比例有影响。',
    'siting.wNearOff': '在地图上设定关注地点后，“地点”权重才起作用。',
    'siting.wReset': '恢复默认',
    'siting.wCustom': '已调整',
    'siting.keySupplier': '上游园区 → 所选园区',
    'siting.keyCustomer': '所选园区 → 下游园区',
    'siting.keyNear': '到关注地点的距离',
    'sitingParcels.title': '可用地块',
    'sitingParcels.intro': '在排名靠前的园区中查找面积不小于所设值的可供地块，按园区规划及地块本身到上下游园区和关注地点的距离排名。',
    'sitingParcels.minArea': '最小面积（公顷）',
    'sitingParcels.find': '查找地块',
    'sitingParcels.hide': '收起地块',
    'sitingParcels.loading': '正在查找地块…',
    'sitingParcels.none': '没有面积不小于 {area} 公顷的可供地块。',
    'sitingParcels.ranking': '面积不小于 {area} 公顷的可供地块（前 {n} 个）',
    'sitingParcels.item': '{parcel} · {zone}',
    'sitingParcels.facts': '{area} 公顷 · {landUse} · 园区得分 {zoneScore}（第 {zoneRank} 名）',
    'sitingParcels.show': '在地图上显示',
    'sitingParcels.synthetic': '合成',
    'siting.link.supplier': '{zone} 向所选园区供应{segments}，相距 {distance}',
    'siting.link.customer': '所选园区向{zone}供应，其承载{segments}，相距 {distance}',
    'siting.link.both': '{zone} 承载上下游环节{segments}，相距 {distance}',
    'siting.link.near': '所选地点距{zone} {distance}',
    'unit.km': '{value} 公里',
    'unit.investment': '{value} 亿元',
  },
  'en': {
    'title': 'Industrial zones and their chain segments',
    'subtitle': 'Zones and chain segments',
    'subtitle.counts': '{zones, plural, one {# zone} other {# zones}} · {projects, plural, one {# project} other {# projects}} · {counties, plural, one {# county or district} other {# counties and districts}}',
    'schematic': 'Zone boundaries are schematic: drawn around estimated positions, not official boundaries.',
    'synthetic': 'Synthetic data: the zones, projects and boundaries are made up for tests and demonstrations, not real.',
    'syntheticZones': 'Some zones are synthetic: generated, not real zones.',
    'map.label': 'Map: {title}',
    'skip': 'Skip to the panel',
    'lang.group': 'Interface language',
    'lang.zh': '中文',
    'lang.en': 'English',
    'loading': 'Loading the map data…',
    'loading.short': 'Loading…',
    'error.load': 'Could not load the map data: {message}',
    'error.panel': 'Could not load: {message}',
    'error.retryIn': 'Trying again in {n, plural, one {# second} other {# seconds}}.',
    'error.retryNow': 'Try now',
    'subtitle.date': 'data as of {date}',
    'detail.whyOffline': 'The offline base map has only county borders: at this zoom it has nothing more to show.',
    'detail.why': 'The offline base map has only county borders: nothing more to show at this zoom.',
    'detail.online': 'Use the online base map',
    'zoom.group': 'Zoom',
    'zoom.in': 'Zoom in',
    'zoom.out': 'Zoom out',
    'popup.close': 'Close',
    'attribution.counties': 'County boundaries: {link}',
    'list.colon': ': ',
    'panel.label': 'Panel',
    'panel.tabs': 'Panel views',
    'panel.open': 'Show the panel',
    'panel.close': 'Hide the panel',
    'tab.zones': 'Zones',
    'tab.chain': 'Chain',
    'tab.coverage': 'Coverage',
    'tab.projects': 'Projects',
    'tab.siting': 'Siting',
    'layers.title': 'Layers',
    'layers.offline': 'Offline base map (counties)',
    'layers.online': 'Online base map',
    'layers.projects': 'Projects',
    'legend.title': 'Legend',
    'legend.fill': "Fill: the stage of most of a zone's segments",
    'legend.reserved': 'Reserved zone (hatched)',
    'legend.planned': 'Planned zone (dashed, light)',
    'legend.chips': "Chips: all the zone's stages",
    'legend.faded': 'Faded: outside the filter',
    'legend.project': 'Project (schematic place)',
    'legend.projectSynthetic': 'Project (synthetic data)',
    'legend.date': 'Data as of {date} (the newest source)',
    'parcels.title': 'Parcels',
    'parcels.colourBy': 'Colour by',
    'parcels.byStatus': 'Status',
    'parcels.byLandUse': 'Land use',
    'parcels.available': 'Available parcels only',
    'parcels.minArea': 'Area at least (ha)',
    'parcels.segment': 'Segment',
    'parcels.anySegment': 'Any segment',
    'parcels.zoomIn': 'Zoom in to level {zoom} or closer to see the parcels.',
    'parcels.counting': 'Counting the parcels in view…',
    'parcels.count': '{n, plural, =0 {No parcel in view matches.} one {# parcel in view matches.} other {# parcels in view match.}}',
    'parcels.syntheticAll': '{n, plural, one {Synthetic: the # parcel was generated, not real land.} other {Synthetic: all # parcels were generated, not real land.}} Source:',
    'parcels.syntheticSome': '{n, plural, one {# parcel is synthetic: generated, not real land.} other {# parcels are synthetic: generated, not real land.}} Source:',
    'parcelStatus.available': 'Available',
    'parcelStatus.reserved': 'Reserved',
    'parcelStatus.leased': 'Leased',
    'parcelStatus.built': 'Built',
    'landUse.M1': 'M1 Class 1 industrial',
    'landUse.M2': 'M2 Class 2 industrial',
    'landUse.M3': 'M3 Class 3 industrial',
    'landUse.W1': 'W1 Class 1 logistics and warehouse',
    'landUse.W2': 'W2 Class 2 logistics and warehouse',
    'landUse.W3': 'W3 Class 3 logistics and warehouse',
    'parcelAccuracy.surveyed': 'Surveyed',
    'parcelAccuracy.digitized': 'Digitized',
    'parcelAccuracy.schematic': 'Schematic',
    'parcelAccuracy.synthetic': 'Synthetic (generated, not real land)',
    'parcel.title': 'Parcel {id}',
    'parcel.zone': 'Zone',
    'parcel.landUse': 'Land use',
    'parcel.area': 'Area',
    'parcel.ha': '{n} ha',
    'parcel.status': 'Status',
    'parcel.segment': 'Segment',
    'parcel.enterprise': 'Enterprise',
    'parcel.accuracy': 'Geometry',
    'parcel.sources': 'Sources:',
    'parcel.none': 'None',
    'zone.open': '{name}: show details',
    'zone.openRanked': '{name} (ranked {rank} for siting): show details',
    'zone.reservedSuffix': ' (reserved)',
    'zone.plannedSuffix': ' (planned)',
    'status.operating': 'Operating',
    'status.planned': 'Planned',
    'status.reserved': 'Reserved',
    'accuracy.schematic': 'schematic boundary',
    'accuracy.digitized': 'digitized boundary',
    'accuracy.surveyed': 'surveyed boundary',
    'accuracy.synthetic': 'synthetic boundary',
    'zones.title': 'Zones',
    'zones.listLabel': 'Zones: choose one to see its details',
    'zones.segmentsCount': '{n, plural, one {# segment} other {# segments}}',
    'zones.back': 'All zones',
    'filter.title': 'Filter by chain segment',
    'filter.none': '{total, plural, one {No filter: the one zone shown.} other {No filter: all # zones shown.}}',
    'filter.count': '{n} of {total, plural, one {# zone} other {# zones}} {n, plural, one {hosts} other {host}} the chosen segments',
    'picker.choose': 'Choose segments…',
    'picker.chooseMore': '{n} chosen · change',
    'picker.chooseOne': 'Choose the segment to build…',
    'picker.search': 'Search: English, 中文 or slug',
    'picker.searchLabel': 'Search the segments by name or slug',
    'picker.none': 'No segment matches.',
    'picker.hosts': '{n, plural, one {hosted by # zone} other {hosted by # zones}}',
    'picker.remove': 'Remove from the filter: {name}',
    'picker.clear': 'Clear all',
    'export.title': 'Export',
    'export.count': '{n, plural, =0 {No zone in view.} one {The # zone in view.} other {The # zones in view.}}',
    'export.countFiltered': '{n, plural, =0 {No zone in view matches the filter.} one {The # zone in view that matches the filter.} other {The # zones in view that match the filter.}}',
    'export.geojson': 'Export GeoJSON',
    'export.csv': 'Export CSV',
    'export.kml': 'Export KML (Google Earth, Ovital)',
    'export.gpkg': 'Export GeoPackage',
    'export.geojsonseq': 'Export GeoJSON sequence',
    'export.failed': 'The export failed: {message}',
    'card.status': 'Status',
    'card.county': 'County',
    'card.area': 'Drawn area',
    'card.areaValue': '{ha} ha · {km2} km²',
    'card.areaAccuracy': '({accuracy})',
    'card.plannedArea': 'Planned area',
    'card.plannedAreaValue': '{km2} km² ({ha} ha)',
    'card.schematic': "Schematic boundary: drawn around the zone's estimated position, not an official boundary; the area is the drawn one.",
    'card.synthetic': 'Synthetic boundary: a zone made up for tests and demonstrations, not a real one; the area is the drawn one.',
    'card.segments': 'Chain segments',
    'card.filterBy': 'Filter the map by the zones hosting “{name}”',
    'card.noSegments': 'No chain segments allocated yet.',
    'card.noSegmentsReserved': 'No chain segments allocated yet: reserved as a future battery park.',
    'card.projects': 'Projects',
    'card.noProjects': 'No known project in this zone yet.',
    'card.note': 'Note',
    'card.sources': 'Sources',
    'project.segment': 'Segment',
    'project.zone': 'Zone',
    'project.noZone': 'not stated',
    'project.unplacedZone': 'not stated (not on the map)',
    'project.capacity': 'Capacity',
    'project.investment': 'Investment',
    'project.investmentUnknown': 'not published',
    'project.noSegment': 'not stated',
    'project.otherChain': '{chain} chain',
    'project.sources': 'Sources',
    'project.show': 'Show on the map',
    'project.here': "{n, plural, one {# project here (at its zone's schematic position)} other {# projects here (at their zone's schematic position)}}",
    'project.marker': 'Projects: {names}',
    'projects.intro': '{placed, plural, one {# project is} other {# projects are}} on the map; {unplaced, plural, =0 {every one has a zone or site in its sources.} one {# has no zone or site in its sources, so it is listed, not placed.} other {# have no zone or site in their sources, so they are listed, not placed.}}',
    'projects.placed': 'On the map',
    'projects.unplaced': 'Not placed',
    'projects.unplacedWhy': 'Their sources give no zone or site, so the map does not guess one.',
    'chain.intro': '{chain}: {stages, plural, one {# stage} other {# stages}}, {segments, plural, one {# segment} other {# segments}}; {gaps, plural, =0 {every one is hosted by a zone.} one {# is hosted by no zone yet (a gap).} other {# are hosted by no zone yet (gaps).}}',
    'chain.diagramLabel': 'The {chain} chain',
    'chain.gap': 'Gap: no zone yet',
    'chain.gapSpoken': 'hosted by no zone (a gap)',
    'chain.hostsSpoken': 'hosted by {zones}',
    'chain.nodeLabel': '{name} ({stage}): {hosts}. Press to filter the map.',
    'chain.keyHosted': 'Segment and its zones',
    'chain.keyGap': 'Gap: hosted by no zone',
    'chain.keyFlow': 'Material flow',
    'chain.keyBack': 'Recycling flow',
    'chain.more': 'The diagram is wide: scroll sideways to see every stage.',
    'chain.hint': 'Press a segment to filter the map by the zones hosting it; press again to undo.',
    'coverage.intro': 'Which zones host each segment. Gaps are segments no zone hosts yet (links to fill, 补链); overlaps are segments hosted by two zones or more.',
    'coverage.gaps': 'Gaps',
    'coverage.overlaps': 'Overlaps',
    'coverage.gap': 'gap',
    'coverage.overlap': 'overlap',
    'coverage.noGaps': 'No gaps.',
    'coverage.noOverlaps': 'No overlaps.',
    'coverage.gapHint': 'Hosted by no zone: a link to fill.',
    'coverage.overlapHint': 'Hosted by two zones or more.',
    'coverage.caption': '{chain}: segments × zones',
    'coverage.segment': 'Segment',
    'coverage.zones': 'Zones',
    'coverage.hosts': 'hosted by {zone}',
    'coverage.notHosted': 'not hosted',
    'coverage.toggle': 'Filter the map (press again to undo)',
    'coverage.csv': 'Download CSV',
    'coverage.tableLabel': 'Coverage matrix',
    'siting.intro': 'Choose the segment you would build to see the zones ranked, with the reasons: whether the plan assigns it there, where its suppliers and customers are, and (optionally) how far a point you care about is.',
    'siting.segment': 'Segment to build',
    'siting.point': 'Point of interest (optional)',
    'siting.pointHint': 'Click the map to set a point (a port, a town, a mine): the ranking then counts the distance to it.',
    'siting.pointSet': 'Click the map or drag the marker to move it.',
    'siting.useCentre': 'Use the map centre',
    'siting.clear': 'Clear the point',
    'siting.coords': '{lat}, {lon}',
    'siting.inZone': 'inside {zone}',
    'siting.inCounty': 'in {county}',
    'siting.outside': 'outside {city}',
    'siting.outsideAny': 'outside every county',
    'siting.marker': 'Point of interest (drag to move)',
    'siting.choose': 'Choose the segment to build to see the zones ranked.',
    'siting.loading': 'Ranking the zones…',
    'siting.announce': 'Ranking for {segment} updated: first, {zone}, score {score}.',
    'siting.ranking': 'Zones ranked for {segment}',
    'siting.suppliers': 'Suppliers',
    'siting.customers': 'Customers',
    'siting.noneListed': 'none',
    'siting.chooseZone': 'Rank {rank}: {zone}, score {score}; show its supplier and customer links on the map',
    'siting.score': 'Score (0–100)',
    'siting.cPlan': 'Plan',
    'siting.cSuppliers': 'Suppliers',
    'siting.cCustomers': 'Customers',
    'siting.cNear': 'Point',
    'siting.reserved': 'reserved',
    'siting.showLinks': 'Show its links',
    'siting.openZone': 'Zone details',
    'siting.weights': 'Weights: plan {plan} · suppliers {suppliers} · customers {customers} · point {near}.',
    'siting.wTitle': 'Weights',
    'siting.wIntro': 'Weigh the parts of the score differently and the ranking follows; only the ratios between the weights count.',
    'siting.wNearOff': 'The point weight counts once you set a point on the map.',
    'siting.wReset': 'Reset to the defaults',
    'siting.wCustom': 'adjusted',
    'siting.keySupplier': 'Supplier zone → chosen zone',
    'siting.keyCustomer': 'Chosen zone → customer zone',
    'siting.keyNear': 'Distance to the point',
    'sitingParcels.title': 'Available parcels',
    'sitingParcels.intro': 'Find the available parcels of at least an area in the best zones, ranked by their zone\'s plan and their own distance to the supplier and customer zones and to your point.',
    'sitingParcels.minArea': 'Least area (ha)',
    'sitingParcels.find': 'Find parcels',
    'sitingParcels.hide': 'Hide parcels',
    'sitingParcels.loading': 'Looking for parcels…',
    'sitingParcels.none': 'No available parcel of at least {area} ha.',
    'sitingParcels.ranking': 'Available parcels of at least {area} ha (the best {n})',
    'sitingParcels.item': '{parcel} · {zone}',
    'sitingParcels.facts': '{area} ha · {landUse} · zone score {zoneScore} (ranked {zoneRank})',
    'sitingParcels.show': 'Show on the map',
    'sitingParcels.synthetic': 'synthetic',
    'siting.link.supplier': '{zone} supplies {segments}, {distance} away',
    'siting.link.customer': '{zone} hosts the customers {segments}, {distance} away',
    'siting.link.both': '{zone} hosts suppliers and customers ({segments}), {distance} away',
    'siting.link.near': 'The point is {distance} from {zone}',
    'unit.km': '{value} km',
    'unit.investment': 'CNY {value} billion',
  },
};

let current = LANGUAGES[0];
const listeners = new Set();

/**
 * pickLanguage returns the interface language for an explicit choice (from the
 * URL, may be empty) or else for the browser's preferred languages: English
 * for a reader whose first language is not Chinese, Chinese otherwise.
 */
export function pickLanguage(choice, preferred) {
  const norm = (tag) => String(tag || '').toLowerCase();
  if (choice) {
    if (norm(choice).startsWith('zh')) return 'zh-Hans';
    if (norm(choice).startsWith('en')) return 'en';
  }
  const first = norm((preferred || [])[0]);
  if (first && !first.startsWith('zh')) return 'en';
  return 'zh-Hans';
}

/** language returns the current interface language, "zh-Hans" or "en". */
export function language() {
  return current;
}

/** setLanguage switches the interface language and tells the listeners. */
export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) throw new Error(`unknown language ${lang}`);
  if (lang === current) return;
  current = lang;
  for (const fn of listeners) fn(lang);
}

/** onChange calls fn(lang) after every language switch. */
export function onChange(fn) {
  listeners.add(fn);
}

/**
 * t returns the string for key in the current language, with each {name}
 * replaced by vars[name]. A missing key is a programming error and throws, so
 * a test run catches it.
 */
export function t(key, vars = {}) {
  const s = DICTIONARY[current][key];
  if (s === undefined) throw new Error(`i18n: no string "${key}" in ${current}`);
  return format(s, vars);
}

// PLURAL matches a plural choice: {n, plural, =0 {…} one {…} other {…}},
// ICU's syntax, flat (a form holds no braces but {name}).
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*(?:\{\w+\}[^{}]*)*\})+)\s*\}/g;
const FORM = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*(?:\{\w+\}[^{}]*)*)\}/g;

// format fills a message: each plural choice by the count's form in the
// current language (# stands for the count), then each {name}.
function format(s, vars) {
  const rules = new Intl.PluralRules(current);
  const chosen = s.replace(PLURAL, (m, name, body) => {
    if (!(name in vars)) return m;
    const n = Number(vars[name]);
    const forms = Object.fromEntries([...body.matchAll(FORM)].map((f) => [f[1], f[2]]));
    const form = forms[`=${n}`] ?? forms[rules.select(n)] ?? forms.other ?? '';
    return form.replace(/#/g, number(n));
  });
  return chosen.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/**
 * list joins names as each language writes a list: 甲、乙、丙 in Chinese,
 * "A, B and C" in English.
 */
export function list(items) {
  const names = [...items].map(String);
  if (current === 'en') return new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' }).format(names);
  return names.join('、');
}

/** name returns obj.name_zh or obj.name_en, whichever fits the language. */
export function name(obj, prefix = 'name') {
  const zh = obj[`${prefix}_zh`];
  const en = obj[`${prefix}_en`];
  return current === 'en' ? en || zh : zh || en;
}

/** number formats n for the current language. */
export function number(n, maximumFractionDigits = 0) {
  return new Intl.NumberFormat(current, { maximumFractionDigits }).format(n);
}

/**
 * date formats a date written YYYY, YYYY-MM or YYYY-MM-DD, no more
 * precisely than it is written: 2023年7月13日, 13 July 2023.
 */
export function date(text) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text || '');
  if (!m) return text || '';
  const [, y, mo, d] = m;
  const opts = { year: 'numeric', timeZone: 'UTC' };
  if (mo) opts.month = 'long';
  if (d) opts.day = 'numeric';
  const when = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1));
  return new Intl.DateTimeFormat(current === 'en' ? 'en-GB' : 'zh-Hans', opts).format(when);
}

/** km formats a distance in metres as kilometres. */
export function km(metres) {
  return t('unit.km', { value: number(metres / 1000, 1) });
}

/**
 * investment formats an investment in 亿元 (10⁸ yuan): as it is in Chinese,
 * in billions of yuan in English.
 */
export function investment(yi) {
  if (current === 'en') return t('unit.investment', { value: number(yi / 10, 2) });
  return t('unit.investment', { value: number(yi, 2) });
}

/**
 * localize fills every element under root that has data-i18n="key" with the
 * string, and data-i18n-aria-label="key" with an aria-label.
 */
export function localize(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }
}

package agents

// DefaultParams returns the parameters of the default world: a China-sized
// tree (31 provinces x 10 cities), ten sectors and ten instruments, under
// coordinated autonomy. Scenario files are decoded over these values.
func DefaultParams() Params {
	return Params{
		World: World{
			Provinces:              31,
			CitiesPerProvince:      10,
			CountiesPerCity:        0,
			CountySize:             0.3,
			Heterogeneity:          0.5,
			SizeDispersion:         0.6,
			CapacityDispersion:     0.8,
			Absorb:                 0.03,
			Depreciation:           0.015,
			Gamma:                  0.02,
			X0:                     0.002,
			FrontierGrowth:         0.02,
			InitialProductivity:    0.45,
			ProductivityDispersion: 0.2,
			TaxRate:                0.03,
			Transfer:               0.2,
			Land:                   1.5,
			LandRefill:             0.005,
			LandNeed:               0.05,
			StockDecay:             0.01,
			StockGain:              8,
			InitialStock:           0.5,
			PrivateInvestment:      0.012,
			StageEntry:             0.5,
			StageMature:            2.0,
			ProvinceWeight:         0.3,
		},
		Market: Market{
			DemandSlack:  0.05,
			DemandGrowth: 0.06,
			Eta:          1.5,
			HotChase:     1.0,
			HotGrowth:    0.12,
		},
		Sectors:     DefaultSectors(),
		Instruments: DefaultInstruments(),
		Policy: Policy{
			Autonomy:          0.85,
			Toolbox:           nil, // all instruments
			Alignment:         0.5,
			PilotShare:        0.1,
			PilotCities:       0.2,
			PilotLength:       8,
			PilotConfidence:   2,
			MetricNoise:       3.5,
			PilotClarity:      2,
			PilotBias:         0.3,
			Platform:          0.5,
			PlatformCap:       10,
			PoolDecay:         0.02,
			ScaleUpThreshold:  0.15,
			ScaleUpLag:        6,
			ScaleUpEvidence:   20,
			ScaleUpConfidence: 2,
			Coordination:      true,
			OvercapacityCap:   0.2,
			CapRule:           "region",
			CapRealloc:        true,
			PriceSight:        0.5,
			Imitation:         0.2,
			CareerConcern:     1.5,
			ProvincePull:      0.3,
			PromotionBasis:    "results",
			Mobility:          0.5,
			EffortGain:        0.2,
			ReviewInterval:    4,
			CenterReview:      4,
			PlanCycle:         5,
			PlanResponse:      10,
			Priorities:        true,
		},
		Officials: Officials{
			AbilitySD:       0.3,
			TermMean:        4,
			TermShape:       2.5,
			AgeMin:          40,
			AgeMax:          55,
			RetireAge:       65,
			PromoteShare:    0.2,
			EvalNoise:       0.5,
			TrendWeight:     0.05,
			PriorPrecision:  4,
			FitPrecision:    4,
			LocalKnowledge:  4,
			PreferenceGain:  0.5,
			PreferenceDecay: 0.05,
			ScaleUpPull:     0.5,
			EpsBelief:       0.05,
		},
		// Document rates are calibrated on the china preset (31 x 10 x 8,
		// career_concern 3) to 13% center, 40% city, 87% local; see
		// scenarios/presets/china.toml and the README's validation section.
		Documents: Documents{
			MinShare:        0.01,
			ChangeThreshold: 0.5,
			MeasureRate:     0.05,
			CountyMeasure:   0.00265,
			ProvinceEcho:    0.05,
			CityEcho:        0.02,
			CountyEcho:      0.02,
			EchoLag:         1,
			Framework:       12,
			Regulatory:      1,
			ScaleUp:         5,
			CenterMeasure:   2,
			ReportsBoost:    0.5,
		},
	}
}

// DefaultSectors is the default sector table: mature heavy industry with
// slow demand, manufacturing in between, and two new, fast-growing
// industries that start small and are central priorities.
func DefaultSectors() []Sector {
	return []Sector{
		{Name: "steel", Growth: -0.03, Share: 0.16, Priority: 1},
		{Name: "cement", Growth: -0.04, Share: 0.08, Priority: 1},
		{Name: "chemicals", Growth: 0.0, Share: 0.14, Priority: 1},
		{Name: "textiles", Growth: -0.04, Share: 0.12, Priority: 1},
		{Name: "machinery", Growth: 0.01, Share: 0.14, Priority: 1},
		{Name: "autos", Growth: 0.02, Share: 0.12, Priority: 1},
		{Name: "electronics", Growth: 0.03, Share: 0.14, Priority: 1.5},
		{Name: "pharmaceuticals", Growth: 0.03, Share: 0.06, Priority: 1.5},
		{Name: "solar", Growth: 0.10, Share: 0.02, Priority: 2},
		{Name: "electric_vehicles", Growth: 0.10, Share: 0.02, Priority: 2},
	}
}

// DefaultInstruments is the default instrument table of MODEL.md: true
// effectiveness by life-cycle stage following the published summaries of
// Fang, Li and Lu (2025): entry-stage industries get subsidies and land,
// maturing ones R&D, training and supply-chain support.
func DefaultInstruments() []Instrument {
	return []Instrument{
		{Name: "subsidy", Category: "financial", Cost: 1.0, Entry: 0.8, Growth: 0.5, Mature: 0.3, CapShare: 1.0, Lag: 0, AddsCapacity: true, IgnoresUtilisation: true, Conventional: 0.6},
		{Name: "tax_incentive", Category: "financial", Cost: 0.7, Entry: 0.6, Growth: 0.5, Mature: 0.4, CapShare: 0.8, Lag: 0, AddsCapacity: true, Conventional: 0.55},
		{Name: "land", Category: "land", Cost: 0.8, Entry: 0.8, Growth: 0.5, Mature: 0.2, CapShare: 1.0, Lag: 0, Builds: "land", AddsCapacity: true, Conventional: 0.55},
		{Name: "infrastructure", Category: "infrastructure", Cost: 1.5, Entry: 0.4, Growth: 0.6, Mature: 0.6, CapShare: 0.6, Lag: 8, Builds: "infrastructure", Conventional: 0.45},
		{Name: "training", Category: "human_capital", Cost: 1.0, Entry: 0.3, Growth: 0.7, Mature: 0.9, CapShare: 0.3, Lag: 6, Builds: "skills", Conventional: 0.4},
		{Name: "rd_support", Category: "innovation", Cost: 1.2, Entry: 0.2, Growth: 0.7, Mature: 1.0, CapShare: 0.2, Lag: 8, Needs: "skills", Conventional: 0.4},
		{Name: "cluster", Category: "network", Cost: 1.0, Entry: 0.3, Growth: 0.8, Mature: 0.9, CapShare: 0.5, Lag: 6, Builds: "network", Conventional: 0.4},
		{Name: "standards_procurement", Category: "regulatory", Cost: 0.5, Entry: 0.4, Growth: 0.6, Mature: 0.5, CapShare: 0.5, Lag: 2, Conventional: 0.4},
		{Name: "market_access", Category: "regulatory", Cost: 0.4, Entry: 0.9, Growth: 0.5, Mature: 0.2, CapShare: 0.8, Lag: 1, AddsCapacity: true, Conventional: 0.4},
		{Name: "export_promotion", Category: "market", Cost: 0.8, Entry: 0.1, Growth: 0.5, Mature: 0.8, CapShare: 0.5, Lag: 4, Needs: "infrastructure", Conventional: 0.4},
	}
}

"""UN M49 standard country or area codes for statistical use: which region, sub-region
and intermediate region each country belongs to (unstats.un.org/unsd/methodology/m49).
The region names themselves come from CLDR through Babel, in every language."""

# (region, sub-region, intermediate region or "") -> ISO 3166 alpha-3 codes
M49_GROUPS: dict[tuple[str, str, str], str] = {
    ("002", "015", ""): "DZA EGY LBY MAR SDN TUN ESH",
    ("002", "202", "014"): "IOT BDI COM DJI ERI ETH ATF KEN MDG MWI MUS MYT MOZ REU RWA SYC "
    "SOM SSD UGA TZA ZMB ZWE",
    ("002", "202", "017"): "AGO CMR CAF TCD COG COD GNQ GAB STP",
    ("002", "202", "018"): "BWA SWZ LSO NAM ZAF",
    ("002", "202", "011"): "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SHN SEN SLE TGO",
    ("019", "419", "029"): "AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ "
    "MSR PRI BLM KNA LCA MAF VCT SXM TTO TCA VIR",
    ("019", "419", "013"): "BLZ CRI SLV GTM HND MEX NIC PAN",
    ("019", "419", "005"): "ARG BOL BVT BRA CHL COL ECU FLK GUF GUY PRY PER SGS SUR URY VEN",
    ("019", "021", ""): "BMU CAN GRL SPM USA",
    ("142", "143", ""): "KAZ KGZ TJK TKM UZB",
    ("142", "030", ""): "CHN HKG MAC PRK JPN MNG KOR TWN",
    ("142", "035", ""): "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    ("142", "034", ""): "AFG BGD BTN IND IRN MDV NPL PAK LKA",
    ("142", "145", ""): "ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN QAT SAU PSE SYR TUR ARE YEM",
    ("150", "151", ""): "BLR BGR CZE HUN POL MDA ROU RUS SVK UKR",
    ("150", "154", ""): "ALA DNK EST FRO FIN GGY ISL IRL IMN JEY LVA LTU NOR SJM SWE GBR",
    ("150", "039", ""): "ALB AND BIH HRV GIB GRC VAT ITA MLT MNE MKD PRT SMR SRB SVN ESP",
    ("150", "155", ""): "AUT BEL FRA DEU LIE LUX MCO NLD CHE",
    ("009", "053", ""): "AUS CCK CXR HMD NZL NFK",
    ("009", "054", ""): "FJI NCL PNG SLB VUT",
    ("009", "057", ""): "GUM KIR MHL FSM NRU MNP PLW UMI",
    ("009", "061", ""): "ASM COK PYF NIU PCN WSM TKL TON TUV WLF",
}


def m49_of(iso3: str) -> tuple[str, str, str]:
    """The (region, sub-region, intermediate region) codes of a country; empty strings
    for places outside the M49 regions (Antarctica)."""
    return _BY_ISO3.get(iso3, ("", "", ""))


_BY_ISO3 = {iso3: key for key, codes in M49_GROUPS.items() for iso3 in codes.split()}

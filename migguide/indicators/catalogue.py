"""The core indicators of a migration profile (DESIGN.md, "Core statistics")."""

from __future__ import annotations

from .models import Indicator

# code, unit, basis, default source, EN name, FR name, EN definition, FR definition
CORE = [
    (
        "POP_TOTAL",
        "persons",
        "",
        "World Bank WDI (SP.POP.TOTL)",
        "Total population",
        "Population totale",
        "Mid-year estimate of all residents regardless of legal status or citizenship.",
        "Estimation en milieu d'année de tous les résidents, quels que soient "
        "leur statut juridique ou leur nationalité.",
    ),
    (
        "NET_MIGRATION",
        "persons",
        "",
        "World Bank WDI (SM.POP.NETM)",
        "Net migration",
        "Migration nette",
        "Immigrants less emigrants, including citizens and non-citizens.",
        "Immigrants moins émigrants, nationaux et étrangers compris.",
    ),
    (
        "MIG_STOCK_IN",
        "persons",
        "mixed",
        "UN DESA International Migrant Stock",
        "International migrant stock (immigrants)",
        "Stock de migrants internationaux (immigrés)",
        "People living in the country who were born abroad (or, where the country counts by "
        "citizenship, who are foreign citizens), at mid-year.",
        "Personnes vivant dans le pays nées à l'étranger (ou de nationalité étrangère lorsque "
        "le pays compte par nationalité), en milieu d'année.",
    ),
    (
        "MIG_STOCK_IN_PCT_POP",
        "percent",
        "mixed",
        "UN DESA International Migrant Stock",
        "Immigrants as a share of the population",
        "Part des immigrés dans la population",
        "International migrant stock as a percentage of the total population.",
        "Stock de migrants internationaux en pourcentage de la population totale.",
    ),
    (
        "MIG_STOCK_IN_PCT_FEMALE",
        "percent",
        "mixed",
        "UN DESA International Migrant Stock",
        "Women among immigrants",
        "Part des femmes parmi les immigrés",
        "Female migrants as a percentage of the international migrant stock.",
        "Migrantes en pourcentage du stock de migrants internationaux.",
    ),
    (
        "MIG_STOCK_OUT",
        "persons",
        "mixed",
        "UN DESA International Migrant Stock (bilateral)",
        "Emigrants living abroad",
        "Émigrés vivant à l'étranger",
        "People born in the country (or its citizens) living in another country, by destination.",
        "Personnes nées dans le pays (ou ses ressortissants) vivant dans un "
        "autre pays, par destination.",
    ),
    (
        "REFUGEES_HOSTED",
        "persons",
        "",
        "UNHCR Refugee Data Finder",
        "Refugees hosted",
        "Réfugiés accueillis",
        "Refugees under UNHCR's mandate living in the country.",
        "Réfugiés relevant du mandat du HCR vivant dans le pays.",
    ),
    (
        "REFUGEES_ABROAD",
        "persons",
        "",
        "UNHCR Refugee Data Finder",
        "Refugees from the country",
        "Réfugiés originaires du pays",
        "Refugees originating from the country, in all countries of asylum.",
        "Réfugiés originaires du pays, tous pays d'asile confondus.",
    ),
    (
        "ASYLUM_HOSTED",
        "persons",
        "",
        "UNHCR Refugee Data Finder",
        "Asylum seekers hosted",
        "Demandeurs d'asile accueillis",
        "People whose asylum claim in the country is pending.",
        "Personnes dont la demande d'asile est en cours d'examen dans le pays.",
    ),
    (
        "ASYLUM_ABROAD",
        "persons",
        "",
        "UNHCR Refugee Data Finder",
        "Asylum seekers from the country",
        "Demandeurs d'asile originaires du pays",
        "Asylum seekers originating from the country, in all countries.",
        "Demandeurs d'asile originaires du pays, tous pays confondus.",
    ),
    (
        "IDPS",
        "persons",
        "",
        "UNHCR Refugee Data Finder",
        "Internally displaced people",
        "Personnes déplacées internes",
        "Internally displaced people of concern to UNHCR.",
        "Personnes déplacées internes relevant de la compétence du HCR.",
    ),
    (
        "STATELESS",
        "persons",
        "",
        "UNHCR Refugee Data Finder",
        "Stateless people",
        "Apatrides",
        "Stateless people in the country.",
        "Personnes apatrides dans le pays.",
    ),
    (
        "REMIT_IN_USD",
        "usd",
        "",
        "World Bank WDI (BX.TRF.PWKR.CD.DT)",
        "Personal remittances received",
        "Transferts personnels reçus",
        "Personal transfers and compensation of employees received, current US$.",
        "Transferts personnels et rémunération des salariés reçus, en dollars courants.",
    ),
    (
        "REMIT_IN_PCT_GDP",
        "percent",
        "",
        "World Bank WDI (BX.TRF.PWKR.DT.GD.ZS)",
        "Personal remittances received (% of GDP)",
        "Transferts personnels reçus (% du PIB)",
        "Personal remittances received as a percentage of GDP.",
        "Transferts personnels reçus en pourcentage du PIB.",
    ),
    (
        "REMIT_OUT_USD",
        "usd",
        "",
        "World Bank WDI (BM.TRF.PWKR.CD.DT)",
        "Personal remittances paid",
        "Transferts personnels versés",
        "Personal transfers and compensation of employees paid, current US$.",
        "Transferts personnels et rémunération des salariés versés, en dollars courants.",
    ),
    (
        "GDP_USD",
        "usd",
        "",
        "World Bank WDI (NY.GDP.MKTP.CD)",
        "Gross domestic product",
        "Produit intérieur brut",
        "GDP at purchaser's prices, current US$.",
        "PIB aux prix d'acquisition, en dollars courants.",
    ),
]

# Names and definitions in the other languages of the dialogues, by code: language ->
# (name, definition). Terms of UN DESA, UNHCR and the World Bank in each language.
OTHER_LANGUAGES = {
    "POP_TOTAL": {
        "pt": (
            "População total",
            "Estimativa a meio do ano de todos os residentes, independentemente do seu "
            "estatuto jurídico ou nacionalidade.",
        ),
        "es": (
            "Población total",
            "Estimación a mitad de año de todos los residentes, independientemente de su "
            "situación jurídica o nacionalidad.",
        ),
        "ar": (
            "مجموع السكان",
            "تقدير منتصف السنة لجميع المقيمين بغض النظر عن وضعهم القانوني أو جنسيتهم.",
        ),
    },
    "NET_MIGRATION": {
        "pt": ("Migração líquida", "Imigrantes menos emigrantes, nacionais e estrangeiros."),
        "es": ("Migración neta", "Inmigrantes menos emigrantes, nacionales y extranjeros."),
        "ar": (
            "صافي الهجرة",
            "عدد المهاجرين الوافدين مطروحًا منه عدد المهاجرين المغادرين، مواطنين وغير مواطنين.",
        ),
    },
    "MIG_STOCK_IN": {
        "pt": (
            "Stock de migrantes internacionais (imigrantes)",
            "Pessoas que vivem no país e nasceram no estrangeiro (ou de nacionalidade "
            "estrangeira, quando o país conta por nacionalidade), a meio do ano.",
        ),
        "es": (
            "Stock de migrantes internacionales (inmigrantes)",
            "Personas que viven en el país y nacieron en el extranjero (o de nacionalidad "
            "extranjera, cuando el país cuenta por nacionalidad), a mitad de año.",
        ),
        "ar": (
            "رصيد المهاجرين الدوليين (المهاجرون الوافدون)",
            "الأشخاص المقيمون في البلد المولودون في الخارج (أو الأجانب حين يعتمد البلد "
            "معيار الجنسية)، في منتصف السنة.",
        ),
    },
    "MIG_STOCK_IN_PCT_POP": {
        "pt": (
            "Imigrantes em percentagem da população",
            "Stock de migrantes internacionais em percentagem da população total.",
        ),
        "es": (
            "Inmigrantes como porcentaje de la población",
            "Stock de migrantes internacionales como porcentaje de la población total.",
        ),
        "ar": (
            "نسبة المهاجرين الوافدين من السكان",
            "رصيد المهاجرين الدوليين كنسبة مئوية من مجموع السكان.",
        ),
    },
    "MIG_STOCK_IN_PCT_FEMALE": {
        "pt": (
            "Mulheres entre os imigrantes",
            "Migrantes do sexo feminino em percentagem do stock de migrantes internacionais.",
        ),
        "es": (
            "Mujeres entre los inmigrantes",
            "Mujeres migrantes como porcentaje del stock de migrantes internacionales.",
        ),
        "ar": (
            "نسبة النساء بين المهاجرين الوافدين",
            "المهاجرات كنسبة مئوية من رصيد المهاجرين الدوليين.",
        ),
    },
    "MIG_STOCK_OUT": {
        "pt": (
            "Emigrantes a viver no estrangeiro",
            "Pessoas nascidas no país (ou seus nacionais) que vivem noutro país, por destino.",
        ),
        "es": (
            "Emigrantes que viven en el extranjero",
            "Personas nacidas en el país (o sus nacionales) que viven en otro país, por destino.",
        ),
        "ar": (
            "المهاجرون المقيمون في الخارج",
            "الأشخاص المولودون في البلد (أو مواطنوه) المقيمون في بلد آخر، حسب بلد المقصد.",
        ),
    },
    "REFUGEES_HOSTED": {
        "pt": ("Refugiados acolhidos", "Refugiados sob o mandato do ACNUR que vivem no país."),
        "es": ("Refugiados acogidos", "Refugiados bajo el mandato del ACNUR que viven en el país."),
        "ar": (
            "اللاجئون المستضافون",
            "اللاجئون المشمولون بولاية مفوضية الأمم المتحدة لشؤون اللاجئين المقيمون في البلد.",
        ),
    },
    "REFUGEES_ABROAD": {
        "pt": (
            "Refugiados originários do país",
            "Refugiados originários do país, em todos os países de asilo.",
        ),
        "es": (
            "Refugiados procedentes del país",
            "Refugiados procedentes del país, en todos los países de asilo.",
        ),
        "ar": ("اللاجئون المنحدرون من البلد", "اللاجئون المنحدرون من البلد، في جميع بلدان اللجوء."),
    },
    "ASYLUM_HOSTED": {
        "pt": (
            "Requerentes de asilo acolhidos",
            "Pessoas cujo pedido de asilo no país aguarda decisão.",
        ),
        "es": (
            "Solicitantes de asilo acogidos",
            "Personas cuya solicitud de asilo en el país está pendiente de resolución.",
        ),
        "ar": ("طالبو اللجوء المستضافون", "الأشخاص الذين لا يزال طلب لجوئهم في البلد قيد النظر."),
    },
    "ASYLUM_ABROAD": {
        "pt": (
            "Requerentes de asilo originários do país",
            "Requerentes de asilo originários do país, em todos os países.",
        ),
        "es": (
            "Solicitantes de asilo procedentes del país",
            "Solicitantes de asilo procedentes del país, en todos los países.",
        ),
        "ar": (
            "طالبو اللجوء المنحدرون من البلد",
            "طالبو اللجوء المنحدرون من البلد، في جميع البلدان.",
        ),
    },
    "IDPS": {
        "pt": (
            "Pessoas deslocadas internamente",
            "Pessoas deslocadas internamente sob a competência do ACNUR.",
        ),
        "es": ("Desplazados internos", "Desplazados internos bajo la competencia del ACNUR."),
        "ar": (
            "النازحون داخليًا",
            "النازحون داخليًا الذين تُعنى بهم مفوضية الأمم المتحدة لشؤون اللاجئين.",
        ),
    },
    "STATELESS": {
        "pt": ("Apátridas", "Pessoas apátridas no país."),
        "es": ("Apátridas", "Personas apátridas en el país."),
        "ar": ("عديمو الجنسية", "الأشخاص عديمو الجنسية في البلد."),
    },
    "REMIT_IN_USD": {
        "pt": (
            "Remessas pessoais recebidas",
            "Transferências pessoais e remunerações de trabalhadores recebidas, em US$ correntes.",
        ),
        "es": (
            "Remesas personales recibidas",
            "Transferencias personales y remuneración de empleados recibidas, en US$ a precios "
            "actuales.",
        ),
        "ar": (
            "التحويلات الشخصية الواردة",
            "التحويلات الشخصية وتعويضات العاملين الواردة، بالدولار الأمريكي بالأسعار الجارية.",
        ),
    },
    "REMIT_IN_PCT_GDP": {
        "pt": (
            "Remessas pessoais recebidas (% do PIB)",
            "Remessas pessoais recebidas em percentagem do PIB.",
        ),
        "es": (
            "Remesas personales recibidas (% del PIB)",
            "Remesas personales recibidas como porcentaje del PIB.",
        ),
        "ar": (
            "التحويلات الشخصية الواردة (% من الناتج المحلي الإجمالي)",
            "التحويلات الشخصية الواردة كنسبة مئوية من الناتج المحلي الإجمالي.",
        ),
    },
    "REMIT_OUT_USD": {
        "pt": (
            "Remessas pessoais pagas",
            "Transferências pessoais e remunerações de trabalhadores pagas, em US$ correntes.",
        ),
        "es": (
            "Remesas personales pagadas",
            "Transferencias personales y remuneración de empleados pagadas, en US$ a precios "
            "actuales.",
        ),
        "ar": (
            "التحويلات الشخصية المدفوعة",
            "التحويلات الشخصية وتعويضات العاملين المدفوعة، بالدولار الأمريكي بالأسعار الجارية.",
        ),
    },
    "GDP_USD": {
        "pt": ("Produto interno bruto", "PIB a preços de aquisição, em US$ correntes."),
        "es": ("Producto interior bruto", "PIB a precios de comprador, en US$ a precios actuales."),
        "ar": (
            "الناتج المحلي الإجمالي",
            "الناتج المحلي الإجمالي بأسعار المشترين، بالدولار الأمريكي بالأسعار الجارية.",
        ),
    },
}

# World Bank indicator codes that are core indicators of the profile.
WORLDBANK_CODES = {
    "SP.POP.TOTL": "POP_TOTAL",
    "SM.POP.NETM": "NET_MIGRATION",
    "BX.TRF.PWKR.CD.DT": "REMIT_IN_USD",
    "BX.TRF.PWKR.DT.GD.ZS": "REMIT_IN_PCT_GDP",
    "BM.TRF.PWKR.CD.DT": "REMIT_OUT_USD",
    "NY.GDP.MKTP.CD": "GDP_USD",
}


# The core indicators' names and definitions in Arabic (UN DESA, UNHCR and World Bank
# Arabic usage), by code.
ARABIC = {
    "POP_TOTAL": (
        "مجموع السكان",
        "تقدير منتصف السنة لجميع المقيمين بصرف النظر عن وضعهم القانوني أو جنسيتهم.",
    ),
    "NET_MIGRATION": (
        "صافي الهجرة",
        "المهاجرون الوافدون مطروحًا منهم المهاجرون المغادرون، مواطنين وغير مواطنين.",
    ),
    "MIG_STOCK_IN": (
        "رصيد المهاجرين الدوليين (الوافدون)",
        "الأشخاص المقيمون في البلد المولودون في الخارج (أو الأجانب، حيث يحصي البلد حسب "
        "الجنسية)، في منتصف السنة.",
    ),
    "MIG_STOCK_IN_PCT_POP": (
        "نسبة المهاجرين الوافدين من السكان",
        "رصيد المهاجرين الدوليين بوصفه نسبة مئوية من مجموع السكان.",
    ),
    "MIG_STOCK_IN_PCT_FEMALE": (
        "نسبة النساء بين المهاجرين الوافدين",
        "المهاجرات بوصفهن نسبة مئوية من رصيد المهاجرين الدوليين.",
    ),
    "MIG_STOCK_OUT": (
        "المهاجرون المقيمون في الخارج",
        "الأشخاص المولودون في البلد (أو مواطنوه) المقيمون في بلد آخر، حسب بلد المقصد.",
    ),
    "REFUGEES_HOSTED": (
        "اللاجئون المستضافون",
        "اللاجئون المشمولون بولاية المفوضية السامية للأمم المتحدة لشؤون اللاجئين "
        "المقيمون في البلد.",
    ),
    "REFUGEES_ABROAD": (
        "اللاجئون القادمون من البلد",
        "اللاجئون المنحدرون من البلد، في جميع بلدان اللجوء.",
    ),
    "ASYLUM_HOSTED": (
        "طالبو اللجوء المستضافون",
        "الأشخاص الذين ما زال طلب لجوئهم في البلد قيد النظر.",
    ),
    "ASYLUM_ABROAD": (
        "طالبو اللجوء القادمون من البلد",
        "طالبو اللجوء المنحدرون من البلد، في جميع البلدان.",
    ),
    "IDPS": (
        "النازحون داخليًا",
        "النازحون داخليًا الذين تعنى بهم المفوضية السامية للأمم المتحدة لشؤون اللاجئين.",
    ),
    "STATELESS": ("عديمو الجنسية", "الأشخاص عديمو الجنسية في البلد."),
    "REMIT_IN_USD": (
        "التحويلات الشخصية المتلقاة",
        "التحويلات الشخصية وتعويضات العاملين المتلقاة، بالدولار الأمريكي الجاري.",
    ),
    "REMIT_IN_PCT_GDP": (
        "التحويلات الشخصية المتلقاة (% من الناتج المحلي الإجمالي)",
        "التحويلات الشخصية المتلقاة بوصفها نسبة مئوية من الناتج المحلي الإجمالي.",
    ),
    "REMIT_OUT_USD": (
        "التحويلات الشخصية المدفوعة",
        "التحويلات الشخصية وتعويضات العاملين المدفوعة، بالدولار الأمريكي الجاري.",
    ),
    "GDP_USD": (
        "الناتج المحلي الإجمالي",
        "الناتج المحلي الإجمالي بأسعار المشترين، بالدولار الأمريكي الجاري.",
    ),
}


def load_catalogue() -> dict[str, Indicator]:
    """Create or update the core indicators; return every indicator by code."""
    existing = {i.code: i for i in Indicator.objects.all()}
    for position, (code, unit, basis, source, en, fr, den, dfr) in enumerate(CORE, start=1):
        values = {
            "unit": unit,
            "basis": basis,
            "default_source": source,
            # Arabic from ARABIC (written with the Arabic catalogue), pt/es from
            # OTHER_LANGUAGES.
            "names": {"en": en, "fr": fr}
            | {lang: name for lang, (name, _d) in OTHER_LANGUAGES[code].items()}
            | {"ar": ARABIC[code][0]},
            "definitions": {"en": den, "fr": dfr}
            | {lang: text for lang, (_n, text) in OTHER_LANGUAGES[code].items()}
            | {"ar": ARABIC[code][1]},
            "position": position,
        }
        indicator = existing.get(code)
        if indicator is None:
            existing[code] = Indicator.objects.create(code=code, **values)
        elif any(getattr(indicator, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(indicator, key, value)
            indicator.save()
    return existing

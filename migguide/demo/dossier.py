"""The demonstration dossier: Senegal, where the activity was launched (Dakar, 2013).

Institutions and legal texts are real; people, e-mail addresses, telephone numbers,
figures of workshops and the wording of every entry are invented for the demonstration.
It is written as a dossier export and loaded through the importer, so the demonstration
exercises the same path as real data."""

from __future__ import annotations

import uuid

from migguide.dossier.exchange import FORMAT, FORMAT_VERSION

NAMESPACE = uuid.UUID("5b0e6a52-4d1e-4c59-9d43-8b8e1c3a2f10")


def _id(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


SITUATION = (
    "Le Sénégal est à la fois un pays d'origine, de transit et de destination des migrations. "
    "L'émigration, ancienne et diversifiée, se dirige d'abord vers les pays voisins de "
    "l'Afrique de l'Ouest (Gambie, Mali, Mauritanie, Côte d'Ivoire), puis vers l'Europe "
    "(France, Italie, Espagne) et, plus récemment, vers l'Amérique du Nord. Les transferts de "
    "fonds des Sénégalais de l'extérieur représentent une part importante du produit "
    "intérieur brut et soutiennent la consommation de nombreux ménages.\n\n"
    "Le pays accueille par ailleurs des ressortissants des États de la CEDEAO, qui y "
    "circulent librement, ainsi que des réfugiés et demandeurs d'asile, pour la plupart "
    "originaires de Mauritanie. Les départs irréguliers par voie maritime vers les îles "
    "Canaries, qui ont connu des pics en 2006 puis à partir de 2020, ont fait de la gestion "
    "des frontières et de la protection des migrants en situation de crise des priorités "
    "nationales. La migration interne, notamment l'exode rural vers Dakar et Touba, "
    "complète ce tableau."
)

FRAMEWORK = (
    "La gouvernance des migrations relève de plusieurs départements ministériels : le "
    "ministère de l'Intérieur (entrée, séjour, frontières, état civil), le ministère de "
    "l'Intégration africaine et des Affaires étrangères (Sénégalais de l'extérieur, "
    "consulats), le ministère du Travail (migration de main-d'œuvre) et le ministère de "
    "l'Économie, du Plan et de la Coopération, qui a piloté l'élaboration de la Politique "
    "nationale de migration du Sénégal (PNMS). L'Agence nationale de la Statistique et de "
    "la Démographie (ANSD) coordonne le système statistique national.\n\n"
    "Le cadre juridique repose sur la loi de 1971 relative à l'admission et au séjour des "
    "étrangers, la loi de 2005 contre la traite des personnes, la loi de 2022 sur le statut "
    "des réfugiés et des apatrides et les engagements internationaux et régionaux du pays, "
    "au premier rang desquels le protocole de la CEDEAO sur la libre circulation."
)

# key, name, acronym, kind, mandate
INSTITUTIONS = [
    (
        "ansd",
        "Agence nationale de la Statistique et de la Démographie",
        "ANSD",
        "statistics",
        "Produit et diffuse les statistiques officielles, dont le recensement et les enquêtes "
        "auprès des ménages ; coordonne le système statistique national.",
    ),
    (
        "dgase",
        "Direction générale d'appui aux Sénégalais de l'extérieur",
        "DGASE",
        "ministry",
        "Met en œuvre la politique en faveur des Sénégalais de l'extérieur ; tient le fichier "
        "consulaire avec les ambassades et consulats.",
    ),
    (
        "dpaf",
        "Direction de la Police de l'Air et des Frontières",
        "DPAF",
        "border",
        "Contrôle les entrées et sorties du territoire aux postes frontières terrestres, "
        "aériens et maritimes.",
    ),
    (
        "dpetv",
        "Direction de la Police des Étrangers et des Titres de Voyage",
        "DPETV",
        "border",
        "Délivre les cartes de séjour et suit la situation administrative des étrangers.",
    ),
    (
        "daf",
        "Direction de l'Automatisation des Fichiers",
        "DAF",
        "ministry",
        "Gère les fichiers de la carte d'identité et des passeports.",
    ),
    (
        "douanes",
        "Direction générale des Douanes",
        "DGD",
        "border",
        "Contrôle les marchandises et participe à la surveillance des frontières.",
    ),
    (
        "hassmar",
        "Haute Autorité chargée de la Coordination de la Sécurité maritime",
        "HASSMAR",
        "border",
        "Coordonne l'action de l'État en mer, y compris le sauvetage et "
        "l'interception des embarcations.",
    ),
    (
        "dgtss",
        "Direction générale du Travail et de la Sécurité sociale",
        "DGTSS",
        "ministry",
        "Vise les contrats de travail des étrangers et suit la migration de main-d'œuvre.",
    ),
    (
        "dgppe",
        "Direction générale de la Planification et des Politiques économiques",
        "DGPPE",
        "ministry",
        "A piloté l'élaboration de la Politique nationale de migration et en coordonne le suivi.",
    ),
    (
        "cnrrpd",
        "Comité national chargé de la gestion de la situation des Réfugiés, "
        "Rapatriés et Personnes déplacées",
        "CNRRPD",
        "ministry",
        "Instruit les demandes d'asile et assure la protection des réfugiés avec le HCR.",
    ),
    (
        "cnltp",
        "Cellule nationale de lutte contre la traite des personnes",
        "CNLTP",
        "ministry",
        "Coordonne la lutte contre la traite des personnes et la collecte de données sur les "
        "victimes.",
    ),
    (
        "dpc",
        "Direction de la Protection civile",
        "DPC",
        "ministry",
        "Prépare et coordonne la réponse aux catastrophes et aux situations d'urgence.",
    ),
    (
        "justice",
        "Direction des Affaires criminelles et des Grâces",
        "DACG",
        "ministry",
        "Suit l'activité pénale, dont les poursuites pour trafic de migrants et traite.",
    ),
    (
        "faise",
        "Fonds d'appui à l'investissement des Sénégalais de l'extérieur",
        "FAISE",
        "ministry",
        "Finance les projets d'investissement des Sénégalais de l'extérieur.",
    ),
    (
        "bceao",
        "Banque centrale des États de l'Afrique de l'Ouest",
        "BCEAO",
        "international",
        "Établit la balance des paiements, dont les transferts de fonds des migrants.",
    ),
    (
        "oim",
        "Organisation internationale pour les migrations, bureau du Sénégal",
        "OIM",
        "international",
        "Appuie le gouvernement dans la gestion des migrations, le retour et "
        "la réintégration et le suivi des flux.",
    ),
    (
        "hcr",
        "Haut-Commissariat des Nations unies pour les réfugiés",
        "HCR",
        "international",
        "Protège les réfugiés et demandeurs d'asile et appuie le CNRRPD.",
    ),
    (
        "ipdsr",
        "Institut de Population, Développement et Santé de la Reproduction (UCAD)",
        "IPDSR",
        "academic",
        "Mène des recherches et forme en démographie, dont sur les migrations.",
    ),
    (
        "cres",
        "Consortium pour la Recherche économique et sociale",
        "CRES",
        "academic",
        "Réalise des études sur l'emploi, les transferts et les migrations de retour.",
    ),
    (
        "hcse",
        "Haut Conseil des Sénégalais de l'Extérieur",
        "HCSE",
        "other",
        "Organe consultatif représentant les Sénégalais de l'extérieur.",
    ),
    (
        "caritas",
        "Caritas Sénégal — Point d'accueil pour réfugiés et immigrés",
        "PARI",
        "civil-society",
        "Accueille, oriente et assiste les migrants et réfugiés en difficulté.",
    ),
    (
        "croixrouge",
        "Croix-Rouge sénégalaise",
        "CRS",
        "civil-society",
        "Porte secours aux migrants, notamment aux personnes débarquées, et rétablit les liens "
        "familiaux.",
    ),
]

# key, institution, name, job title, consent date (or None), consent note
CONTACTS = [
    (
        "ndiaye",
        "ansd",
        "Aminata Ndiaye",
        "Cheffe de la division des statistiques démographiques",
        "2024-03-12",
        "Formulaire signé à l'atelier de Dakar",
    ),
    ("sarr", "ansd", "Ousmane Sarr", "Démographe, cellule migrations", None, ""),
    (
        "fall",
        "dgase",
        "Mariama Fall",
        "Directrice de l'appui aux Sénégalais de l'extérieur",
        "2024-03-12",
        "Formulaire signé à l'atelier de Dakar",
    ),
    (
        "diouf",
        "dpaf",
        "Commissaire Ibrahima Diouf",
        "Chef du bureau des statistiques frontalières",
        "2024-03-13",
        "Courriel du 13 mars 2024",
    ),
    ("ba", "dpetv", "Khady Ba", "Cheffe du service des titres de séjour", None, ""),
    (
        "gueye",
        "dgtss",
        "Moussa Gueye",
        "Inspecteur du travail, migrations de main-d'œuvre",
        "2024-03-12",
        "Formulaire signé à l'atelier de Dakar",
    ),
    (
        "sow",
        "dgppe",
        "Fatou Sow",
        "Coordonnatrice de la cellule de suivi de la PNMS",
        "2024-03-12",
        "Formulaire signé à l'atelier de Dakar",
    ),
    ("kane", "cnrrpd", "Abdoulaye Kane", "Secrétaire permanent", None, ""),
    (
        "diallo",
        "cnltp",
        "Awa Diallo",
        "Chargée de la base de données des victimes",
        "2024-04-02",
        "Courriel du 2 avril 2024",
    ),
    (
        "mbaye",
        "hassmar",
        "Capitaine de frégate Cheikh Mbaye",
        "Chef du centre des opérations",
        None,
        "",
    ),
    (
        "thiam",
        "oim",
        "Rokhaya Thiam",
        "Chargée de programme, données migratoires",
        "2024-03-12",
        "Formulaire signé à l'atelier de Dakar",
    ),
    (
        "faye",
        "ipdsr",
        "Pr. Souleymane Faye",
        "Enseignant-chercheur en démographie",
        "2024-03-14",
        "Courriel du 14 mars 2024",
    ),
    ("ciss", "bceao", "Ndèye Cissé", "Économiste, service de la balance des paiements", None, ""),
    ("niang", "dpc", "Lamine Niang", "Chef de la division de la prévention", None, ""),
    (
        "seck",
        "faise",
        "Pape Seck",
        "Responsable du suivi des projets",
        "2024-03-12",
        "Formulaire signé à l'atelier de Dakar",
    ),
]

LEGAL = [
    (
        "Loi n° 71-10 du 25 janvier 1971 relative aux conditions d'admission, de séjour et "
        "d'établissement des étrangers",
        "law",
        1971,
        "in-force",
        "",
    ),
    (
        "Loi n° 2005-06 du 10 mai 2005 relative à la lutte contre la traite des personnes et "
        "pratiques assimilées et à la protection des victimes",
        "law",
        2005,
        "in-force",
        "",
    ),
    (
        "Loi n° 2022-01 du 14 avril 2022 relative au statut des réfugiés et des apatrides",
        "law",
        2022,
        "in-force",
        "Remplace la loi n° 68-27 de 1968 portant statut des réfugiés.",
    ),
    (
        "Loi n° 2013-05 du 8 juillet 2013 modifiant le Code de la nationalité",
        "law",
        2013,
        "in-force",
        "Permet la transmission de la nationalité par la mère.",
    ),
    (
        "Politique nationale de migration du Sénégal (PNMS)",
        "policy",
        2018,
        "in-force",
        "Élaborée sous l'égide du ministère de l'Économie, du Plan et de la Coopération.",
    ),
    (
        "Convention relative au statut des réfugiés (1951) et son Protocole (1967)",
        "international",
        1963,
        "ratified",
        "",
    ),
    (
        "Convention de l'OUA régissant les aspects propres aux problèmes des réfugiés en "
        "Afrique (1969)",
        "regional",
        1971,
        "ratified",
        "",
    ),
    (
        "Convention internationale sur la protection des droits de tous les travailleurs "
        "migrants et des membres de leur famille (1990)",
        "international",
        1999,
        "ratified",
        "",
    ),
    (
        "Protocoles additionnels à la Convention des Nations unies contre la criminalité "
        "transnationale organisée relatifs à la traite des personnes et au trafic illicite de "
        "migrants (2000)",
        "international",
        2003,
        "ratified",
        "",
    ),
    ("Convention relative au statut des apatrides (1954)", "international", 2005, "ratified", ""),
    (
        "Protocole A/P.1/5/79 de la CEDEAO sur la libre circulation des personnes, le droit de "
        "résidence et d'établissement",
        "regional",
        1979,
        "in-force",
        "",
    ),
    (
        "Accord relatif à la gestion concertée des flux migratoires entre la France et le Sénégal",
        "bilateral",
        2006,
        "in-force",
        "Avenant de 2008.",
    ),
]

# key, title, collector, areas, status, kind, periodicity, period, disaggregation, access,
# last update, users, stages, description, limitations
SOURCES = [
    (
        "rgph5",
        "Cinquième recensement général de la population et de l'habitat (RGPH-5)",
        "ansd",
        ["trends", "development", "diaspora"],
        "existing",
        "census",
        "decennial",
        "2023",
        "sexe, âge, nationalité, lieu de naissance, région",
        "public",
        "2024-11-30",
        ["dgppe", "dgase", "oim", "ipdsr"],
        ["needs", "processing", "follow-up"],
        "Recensement exhaustif ; module sur les émigrés des cinq dernières années et sur les "
        "étrangers résidents.",
        "Ne saisit les émigrés que par déclaration des ménages restés au "
        "pays ; les ménages entièrement partis échappent au recensement.",
    ),
    (
        "rgphae",
        "Recensement général de la population et de l'habitat, de l'agriculture et de "
        "l'élevage (RGPHAE 2013)",
        "ansd",
        ["trends", "diaspora"],
        "existing",
        "census",
        "decennial",
        "2013",
        "sexe, âge, nationalité, région",
        "public",
        "2014-09-30",
        ["dgppe", "ipdsr", "oim"],
        ["needs", "follow-up"],
        "Recensement de 2013 ; rapport thématique sur les migrations.",
        "",
    ),
    (
        "eds",
        "Enquête démographique et de santé continue (EDS-Continue)",
        "ansd",
        ["trends"],
        "existing",
        "survey",
        "annual",
        "2012–2023",
        "sexe, âge, milieu, région",
        "public",
        "2024-06-30",
        ["ipdsr", "dgppe"],
        ["needs"],
        "Enquête auprès des ménages ; questions sur la résidence antérieure.",
        "Pas de module migration détaillé ; échantillon non représentatif des étrangers.",
    ),
    (
        "ehcvm",
        "Enquête harmonisée sur les conditions de vie des ménages (EHCVM)",
        "ansd",
        ["trends", "development"],
        "existing",
        "survey",
        "multiannual",
        "2018–2022",
        "sexe, âge, milieu, quintile",
        "public",
        "2023-05-31",
        ["dgppe", "cres", "bceao"],
        ["needs", "processing"],
        "Enquête sur la pauvreté ; section sur les transferts reçus par les ménages.",
        "",
    ),
    (
        "enes",
        "Enquête nationale sur l'emploi au Sénégal (ENES)",
        "ansd",
        ["labour"],
        "existing",
        "survey",
        "quarterly",
        "2015–2024",
        "sexe, âge, nationalité",
        "public",
        "2024-09-30",
        ["dgtss", "cres"],
        ["needs", "follow-up"],
        "Enquête trimestrielle sur l'emploi ; identifie les actifs de nationalité étrangère.",
        "Effectifs d'étrangers trop faibles pour des estimations régionales.",
    ),
    (
        "ses",
        "Situation économique et sociale du Sénégal (SES), chapitre migrations",
        "ansd",
        ["trends", "development"],
        "existing",
        "study",
        "annual",
        "2010–2022",
        "variable",
        "public",
        "2024-03-31",
        ["dgppe", "dgase"],
        ["processing", "follow-up"],
        "Publication annuelle de référence qui compile les données administratives.",
        "",
    ),
    (
        "mafe",
        "Enquête Migrations entre l'Afrique et l'Europe (MAFE-Sénégal)",
        "ipdsr",
        ["trends", "return", "diaspora"],
        "existing",
        "survey",
        "one-off",
        "2008",
        "sexe, âge, pays de destination",
        "on-request",
        "2010-12-31",
        ["dgase", "oim"],
        ["needs"],
        "Enquête biographique menée au Sénégal et auprès des migrants en Europe.",
        "Données anciennes ; seulement la région de Dakar.",
    ),
    (
        "profil",
        "Profil migratoire du Sénégal",
        "oim",
        ["trends", "border", "development"],
        "existing",
        "study",
        "irregular",
        "2009, 2018",
        "variable",
        "public",
        "2018-12-31",
        ["dgppe", "dgase", "dpaf", "hcse"],
        ["needs", "processing", "decision"],
        "Synthèse des données disponibles, réalisée avec l'ANSD et les ministères.",
        "Mise à jour irrégulière, dépendante de financements extérieurs.",
    ),
    (
        "fiches",
        "Fiches d'embarquement et de débarquement",
        "dpaf",
        ["border", "trends"],
        "existing",
        "border-records",
        "continuous",
        "depuis 2005",
        "nationalité, sexe, poste frontière, motif",
        "restricted",
        "2024-12-31",
        ["dgppe", "ansd"],
        ["implementation", "follow-up"],
        "Enregistrement des passagers aux postes frontières aériens et maritimes.",
        "Les postes terrestres restent en partie sur papier ; pas de distinction fiable entre "
        "visiteurs et migrants.",
    ),
    (
        "midas",
        "Système d'information et d'analyse des données migratoires (MIDAS)",
        "dpaf",
        ["border"],
        "existing",
        "database",
        "continuous",
        "depuis 2016",
        "nationalité, sexe, âge, poste frontière",
        "internal",
        "2024-12-31",
        ["dpetv"],
        ["implementation"],
        "Système de gestion des frontières déployé aux principaux postes avec l'appui de l'OIM.",
        "Données non exploitées à des fins statistiques ; pas de convention d'accès avec l'ANSD.",
    ),
    (
        "sejour",
        "Registre des cartes de séjour des étrangers",
        "dpetv",
        ["trends", "labour"],
        "existing",
        "permits",
        "continuous",
        "depuis 2000",
        "nationalité, sexe, motif",
        "restricted",
        "2024-06-30",
        ["dgtss"],
        ["implementation"],
        "Cartes de séjour délivrées et renouvelées.",
        "Les ressortissants de la CEDEAO, dispensés, n'y figurent pas.",
    ),
    (
        "mer",
        "Statistiques des interceptions et sauvetages en mer",
        "hassmar",
        ["border", "crisis", "irregular"],
        "existing",
        "border-records",
        "monthly",
        "depuis 2020",
        "nationalité, sexe, âge, lieu de départ",
        "restricted",
        "2024-10-31",
        ["dpaf", "oim", "croixrouge"],
        ["needs", "implementation"],
        "Embarcations interceptées, personnes secourues et décès constatés.",
        "Définitions non harmonisées avec celles de la Marine et de la Gendarmerie.",
    ),
    (
        "douanes",
        "Passages aux postes frontières terrestres",
        "douanes",
        ["border"],
        "potential",
        "border-records",
        "continuous",
        "",
        "poste frontière",
        "internal",
        None,
        [],
        [],
        "Registres des postes terrestres, qui pourraient compléter les fiches de la DPAF.",
        "Registres papier, non centralisés.",
    ),
    (
        "passeports",
        "Statistiques des passeports délivrés",
        "daf",
        ["trends", "diaspora"],
        "existing",
        "register",
        "monthly",
        "depuis 2007",
        "sexe, âge, lieu de délivrance",
        "on-request",
        "2024-12-31",
        ["dgase"],
        ["follow-up"],
        "Passeports délivrés au Sénégal et dans les consulats.",
        "Indicateur indirect des intentions de départ.",
    ),
    (
        "asile",
        "Registre des réfugiés et demandeurs d'asile",
        "cnrrpd",
        ["asylum", "crisis"],
        "existing",
        "register",
        "continuous",
        "depuis 1989",
        "nationalité, sexe, âge, lieu",
        "restricted",
        "2024-12-31",
        ["hcr", "caritas"],
        ["implementation", "follow-up"],
        "Enregistrement conjoint avec le HCR (base proGres).",
        "",
    ),
    (
        "dtm",
        "Matrice de suivi des déplacements (DTM) — points de suivi des flux",
        "oim",
        ["trends", "crisis", "irregular"],
        "existing",
        "survey",
        "monthly",
        "depuis 2017",
        "nationalité, sexe, âge, destination",
        "public",
        "2024-11-30",
        ["dpaf", "dgppe", "croixrouge"],
        ["needs", "processing"],
        "Comptages et enquêtes aux points de transit (Tambacounda, Kédougou, Rosso).",
        "Couverture limitée aux points de suivi.",
    ),
    (
        "catastrophes",
        "Base de données des catastrophes et des personnes déplacées",
        "dpc",
        ["crisis"],
        "potential",
        "database",
        "continuous",
        "",
        "région, type d'aléa",
        "internal",
        None,
        ["croixrouge"],
        ["needs"],
        "Base prévue par le plan national de contingence pour recenser les déplacements "
        "internes liés aux catastrophes.",
        "Pas encore opérationnelle.",
    ),
    (
        "retour",
        "Registre des migrants rapatriés et assistés au retour",
        "oim",
        ["return", "crisis"],
        "existing",
        "register",
        "continuous",
        "depuis 2017",
        "sexe, âge, région d'origine, pays de retour",
        "on-request",
        "2024-09-30",
        ["dgase", "faise"],
        ["implementation", "follow-up"],
        "Migrants assistés dans le cadre du retour volontaire et de la réintégration.",
        "",
    ),
    (
        "rfl",
        "Rétablissement des liens familiaux",
        "croixrouge",
        ["crisis"],
        "potential",
        "register",
        "continuous",
        "",
        "sexe, âge",
        "internal",
        None,
        [],
        [],
        "Demandes de recherche de personnes disparues sur les routes migratoires.",
        "Données confidentielles ; seules des statistiques agrégées pourraient être partagées.",
    ),
    (
        "bdp",
        "Balance des paiements — transferts personnels",
        "bceao",
        ["development"],
        "existing",
        "financial",
        "annual",
        "depuis 1996",
        "pays d'origine des fonds",
        "public",
        "2024-07-31",
        ["dgppe", "dgase", "faise"],
        ["processing", "follow-up"],
        "Transferts de fonds des migrants reçus et envoyés.",
        "Les transferts informels ne sont pas mesurés.",
    ),
    (
        "envois",
        "Enquête sur les envois de fonds des travailleurs migrants",
        "bceao",
        ["development", "diaspora"],
        "existing",
        "survey",
        "one-off",
        "2011",
        "pays de résidence du migrant, usage des fonds",
        "public",
        "2013-06-30",
        ["dgase", "cres"],
        ["needs"],
        "Enquête auprès des ménages bénéficiaires.",
        "Données anciennes.",
    ),
    (
        "consulaire",
        "Fichier consulaire des Sénégalais de l'extérieur",
        "dgase",
        ["diaspora", "development"],
        "existing",
        "consular",
        "continuous",
        "depuis 2012",
        "pays de résidence, sexe, âge, profession",
        "internal",
        "2024-06-30",
        ["hcse", "faise"],
        ["implementation"],
        "Immatriculations dans les ambassades et consulats.",
        "Inscription volontaire : sous-estime fortement la diaspora.",
    ),
    (
        "faise",
        "Base des projets financés par le FAISE",
        "faise",
        ["development", "diaspora"],
        "existing",
        "database",
        "continuous",
        "depuis 2008",
        "pays de résidence, secteur, région",
        "on-request",
        "2024-03-31",
        ["dgase"],
        ["follow-up"],
        "Projets d'investissement de la diaspora financés et leur suivi.",
        "",
    ),
    (
        "competences",
        "Répertoire des compétences de la diaspora",
        "dgase",
        ["diaspora", "development"],
        "potential",
        "database",
        "continuous",
        "",
        "pays de résidence, qualification",
        "internal",
        None,
        ["faise"],
        [],
        "Répertoire prévu par la PNMS pour mobiliser les compétences de la diaspora.",
        "",
    ),
    (
        "contrats",
        "Contrats de travail des étrangers visés",
        "dgtss",
        ["labour"],
        "existing",
        "register",
        "continuous",
        "depuis 2010",
        "nationalité, secteur, qualification",
        "on-request",
        "2024-06-30",
        ["dpetv", "ansd"],
        ["implementation"],
        "Contrats visés par l'inspection du travail.",
        "Ne couvre que l'emploi formel.",
    ),
    (
        "placements",
        "Travailleurs sénégalais placés à l'étranger",
        "dgtss",
        ["labour", "diaspora"],
        "potential",
        "register",
        "continuous",
        "",
        "pays, secteur, sexe",
        "internal",
        None,
        ["dgase"],
        [],
        "Placements dans le cadre des accords de migration circulaire.",
        "Données dispersées entre plusieurs programmes.",
    ),
    (
        "traite",
        "Base de données des victimes de la traite",
        "cnltp",
        ["irregular", "crisis"],
        "existing",
        "register",
        "continuous",
        "depuis 2018",
        "sexe, âge, nationalité, forme d'exploitation",
        "restricted",
        "2024-09-30",
        ["justice", "oim"],
        ["needs", "implementation", "follow-up"],
        "Cas identifiés par les services et les associations.",
        "Sous-déclaration ; doublons possibles entre sources.",
    ),
    (
        "judiciaire",
        "Statistiques judiciaires sur le trafic de migrants et la traite",
        "justice",
        ["irregular"],
        "potential",
        "register",
        "annual",
        "",
        "infraction, juridiction",
        "internal",
        None,
        ["cnltp"],
        ["follow-up"],
        "Poursuites et condamnations, à extraire des registres des parquets.",
        "Registres non informatisés.",
    ),
    (
        "reintegration",
        "Suivi de la réintégration des migrants de retour",
        "oim",
        ["return"],
        "existing",
        "database",
        "continuous",
        "depuis 2018",
        "sexe, âge, région, type d'appui",
        "on-request",
        "2024-09-30",
        ["dgase", "faise"],
        ["follow-up", "reformulation"],
        "Enquêtes de durabilité de la réintégration.",
        "",
    ),
    (
        "etatcivil",
        "Statistiques de l'état civil",
        "ansd",
        ["trends"],
        "potential",
        "register",
        "annual",
        "",
        "sexe, nationalité, commune",
        "internal",
        None,
        ["ipdsr"],
        ["needs"],
        "Naissances, mariages et décès, qui pourraient renseigner sur les étrangers résidents.",
        "Couverture de l'enregistrement incomplète en milieu rural.",
    ),
    (
        "retours",
        "Étude sur les migrations de retour",
        "cres",
        ["return", "development"],
        "existing",
        "study",
        "one-off",
        "2019",
        "sexe, âge, pays de retour",
        "public",
        "2020-02-28",
        ["dgase", "oim"],
        ["processing", "reformulation"],
        "Étude qualitative et quantitative sur les migrants de retour.",
        "",
    ),
    (
        "observatoire",
        "Observatoire national des migrations",
        "dgppe",
        ["trends", "border", "crisis", "development"],
        "potential",
        "database",
        "continuous",
        "",
        "variable",
        "public",
        None,
        ["ansd", "dgase", "dpaf"],
        ["processing", "follow-up"],
        "Plateforme prévue par la PNMS pour centraliser et diffuser les données migratoires.",
        "Cadre institutionnel et financement à définir.",
    ),
]

# stage, institution, role
STAGE_ACTORS = [
    ("needs", "ansd", "Produit les données de référence sur la population et les migrations."),
    ("needs", "dgppe", "Identifie les besoins de politique publique dans le cadre de la PNMS."),
    ("needs", "oim", "Appuie les diagnostics et le profil migratoire."),
    ("processing", "dgppe", "Prépare les projets de politique et coordonne les ministères."),
    ("processing", "ipdsr", "Analyse les données et formule des avis scientifiques."),
    ("decision", "dgppe", "Soumet la politique au Gouvernement pour adoption."),
    ("decision", "dgase", "Décide des mesures en faveur des Sénégalais de l'extérieur."),
    ("implementation", "dpaf", "Met en œuvre la gestion des frontières."),
    ("implementation", "dgase", "Met en œuvre les programmes destinés à la diaspora."),
    ("implementation", "cnrrpd", "Met en œuvre la protection des réfugiés."),
    ("implementation", "cnltp", "Met en œuvre le plan d'action contre la traite."),
    ("follow-up", "dgppe", "Assure le suivi-évaluation de la PNMS."),
    ("follow-up", "ansd", "Produit les indicateurs de suivi."),
    ("follow-up", "hcse", "Porte la voix de la diaspora dans le suivi."),
    ("reformulation", "dgppe", "Propose la révision de la politique au vu des évaluations."),
    ("reformulation", "oim", "Documente les enseignements des programmes de retour."),
]

# theme, indicators, status, source key, notes
PROFILE_CONTENTS = [
    (
        "Population et migrations internationales",
        "stock d'immigrés, part dans la population, répartition par sexe",
        "covered",
        "rgph5",
        "",
    ),
    (
        "Émigration et diaspora",
        "émigrés récents par destination, immatriculations consulaires",
        "partial",
        "rgph5",
        "La diaspora ancienne est mal connue.",
    ),
    ("Transferts de fonds", "transferts reçus en dollars et en % du PIB", "covered", "bdp", ""),
    (
        "Gestion des frontières",
        "entrées et sorties par poste, refus d'entrée",
        "partial",
        "fiches",
        "Postes terrestres non couverts.",
    ),
    ("Migration irrégulière", "interceptions en mer, décès, retours", "partial", "mer", ""),
    (
        "Asile et protection",
        "réfugiés et demandeurs d'asile par nationalité",
        "covered",
        "asile",
        "",
    ),
    ("Migration de main-d'œuvre", "contrats visés, actifs étrangers", "partial", "contrats", ""),
    ("Retour et réintégration", "retours assistés, réintégration durable", "covered", "retour", ""),
    (
        "Déplacements internes liés aux catastrophes",
        "personnes déplacées par aléa",
        "missing",
        None,
        "Aucune source opérationnelle.",
    ),
    ("Traite des personnes", "victimes identifiées, poursuites", "partial", "traite", ""),
]

# contact key, role, coordinator
WORKGROUP = [
    ("sow", "Coordonnatrice du groupe de travail", True),
    ("ndiaye", "Référente statistique", False),
    ("fall", "Représentante du ministère des Affaires étrangères", False),
    ("diouf", "Référent gestion des frontières", False),
    ("gueye", "Référent migration de main-d'œuvre", False),
    ("diallo", "Référente traite des personnes", False),
    ("thiam", "Partenaire technique", False),
    ("faye", "Expert national", False),
]

# title, description, function, institution, year
USE_EXAMPLES = [
    (
        "Préparation de la Politique nationale de migration",
        "Les données du recensement et du profil migratoire ont servi au diagnostic de la PNMS.",
        "policy",
        "dgppe",
        2017,
    ),
    (
        "Dialogue avec les partenaires européens",
        "Le profil migratoire a servi de base commune "
        "aux échanges du dialogue sur la migration et la mobilité.",
        "dialogue",
        "dgase",
        2019,
    ),
    (
        "Note trimestrielle sur les départs en mer",
        "La HASSMAR et l'OIM publient une note commune diffusée aux ministères concernés.",
        "information",
        "hassmar",
        2023,
    ),
    (
        "Formation des statisticiens des ministères",
        "Atelier de formation à l'exploitation des données administratives sur les migrations.",
        "capacity",
        "ansd",
        2022,
    ),
    (
        "Ciblage des projets du FAISE",
        "Les données consulaires et de transferts orientent le "
        "choix des pays où le FAISE fait connaître ses financements.",
        "policy",
        "faise",
        2021,
    ),
    (
        "Journée de restitution aux régions",
        "Présentation des données migratoires aux services régionaux de Tambacounda et Kolda.",
        "information",
        "dgppe",
        2023,
    ),
]

# category, description, corrective actions, past strategies, responsible, status
CHALLENGES = [
    (
        "understanding",
        "Les définitions (migrant, émigré, étranger) diffèrent d'une source à "
        "l'autre et les utilisateurs comparent des chiffres incomparables.",
        "Adopter un glossaire national commun ; indiquer la définition avec chaque chiffre.",
        "Le glossaire du profil migratoire 2018 a été repris par deux ministères.",
        "ansd",
        "in-progress",
    ),
    (
        "understanding",
        "Les publications statistiques sont jugées techniques par les décideurs.",
        "Produire des notes de synthèse de quatre pages par thème.",
        "",
        "dgppe",
        "open",
    ),
    (
        "dissemination",
        "Les données administratives restent dans les services qui les produisent.",
        "Conventions d'échange de données entre l'ANSD et les services producteurs.",
        "Convention ANSD–BCEAO sur les transferts.",
        "ansd",
        "in-progress",
    ),
    (
        "dissemination",
        "Le profil migratoire n'est pas accessible en ligne de façon durable.",
        "Publier le guide et les données sur un portail national.",
        "",
        "dgppe",
        "open",
    ),
    (
        "ownership",
        "Le profil migratoire est perçu comme un document des partenaires techniques.",
        "Validation formelle du guide par l'autorité nationale de coordination.",
        "Validation de la PNMS en atelier national.",
        "dgppe",
        "in-progress",
    ),
    (
        "updating",
        "Le profil n'est mis à jour qu'à l'occasion de projets financés de l'extérieur.",
        "Inscrire la mise à jour au programme statistique annuel de l'ANSD.",
        "",
        "ansd",
        "open",
    ),
    (
        "updating",
        "Les postes frontières terrestres transmettent leurs données avec plusieurs "
        "mois de retard.",
        "Étendre le système MIDAS aux principaux postes terrestres.",
        "Informatisation du poste de Rosso en 2022.",
        "dpaf",
        "in-progress",
    ),
    (
        "use",
        "Les données migratoires sont peu utilisées dans la planification régionale.",
        "Restitutions régionales et formation des services régionaux de planification.",
        "Journées régionales de Tambacounda et Kolda.",
        "dgppe",
        "in-progress",
    ),
    (
        "use",
        "Les chercheurs n'ont pas accès aux microdonnées anonymisées.",
        "Mettre en place un accès sécurisé aux microdonnées.",
        "",
        "ansd",
        "open",
    ),
    (
        "other",
        "Les données sur les décès en mer ne sont pas consolidées entre institutions.",
        "Créer un mécanisme commun de recensement des incidents en mer.",
        "",
        "hassmar",
        "open",
    ),
]

# theme, text, priority, responsible, timeframe, status
RECOMMENDATIONS = [
    (
        "cooperation",
        "Institutionnaliser le groupe de travail sur les données migratoires par "
        "un arrêté, avec un calendrier de réunions trimestrielles.",
        "high",
        ["dgppe"],
        "short",
        "in-progress",
    ),
    (
        "cooperation",
        "Signer des conventions d'échange de données entre l'ANSD et la DPAF, la "
        "DPETV, la DGTSS et le CNRRPD.",
        "high",
        ["ansd", "dpaf", "dpetv", "dgtss", "cnrrpd"],
        "medium",
        "proposed",
    ),
    (
        "cooperation",
        "Associer le HCSE et les associations de la diaspora à la validation des "
        "données sur les Sénégalais de l'extérieur.",
        "medium",
        ["dgase", "hcse"],
        "medium",
        "proposed",
    ),
    (
        "training",
        "Former les agents des services producteurs aux concepts et définitions "
        "statistiques des migrations.",
        "high",
        ["ansd", "oim"],
        "short",
        "in-progress",
    ),
    (
        "training",
        "Créer un module sur les statistiques migratoires dans la formation initiale "
        "des statisticiens et des démographes.",
        "medium",
        ["ansd", "ipdsr"],
        "long",
        "proposed",
    ),
    (
        "acquisition",
        "Introduire un module migration détaillé dans l'EHCVM et l'ENES.",
        "medium",
        ["ansd"],
        "medium",
        "proposed",
    ),
    (
        "acquisition",
        "Encourager l'immatriculation consulaire par une procédure en ligne.",
        "medium",
        ["dgase"],
        "medium",
        "proposed",
    ),
    (
        "acquisition",
        "Mettre en place l'Observatoire national des migrations prévu par la PNMS.",
        "high",
        ["dgppe", "ansd"],
        "long",
        "proposed",
    ),
    (
        "border",
        "Étendre l'enregistrement électronique aux postes frontières terrestres de "
        "Rosso, Kidira, Karang et Moussala.",
        "high",
        ["dpaf"],
        "medium",
        "in-progress",
    ),
    (
        "border",
        "Publier chaque année une note statistique sur les entrées et sorties.",
        "medium",
        ["dpaf", "ansd"],
        "short",
        "proposed",
    ),
    (
        "border",
        "Harmoniser les définitions des interceptions et sauvetages en mer entre la "
        "HASSMAR, la Marine et la Gendarmerie.",
        "high",
        ["hassmar"],
        "short",
        "proposed",
    ),
    (
        "crisis",
        "Rendre opérationnelle la base de données des catastrophes et des personnes déplacées.",
        "high",
        ["dpc"],
        "medium",
        "proposed",
    ),
    (
        "crisis",
        "Établir un protocole de partage des données sur les migrants en détresse "
        "entre la HASSMAR, la Croix-Rouge et l'OIM, respectueux des données personnelles.",
        "high",
        ["hassmar", "croixrouge", "oim"],
        "short",
        "proposed",
    ),
    (
        "crisis",
        "Prévoir dans le plan de contingence un volet sur les ressortissants étrangers "
        "en cas de crise.",
        "medium",
        ["dpc", "cnrrpd"],
        "medium",
        "proposed",
    ),
    (
        "other",
        "Mettre à jour le guide à chaque nouvelle édition du profil migratoire et au "
        "moins tous les trois ans.",
        "medium",
        ["dgppe"],
        "long",
        "proposed",
    ),
    (
        "other",
        "Publier le guide et ses données ouvertes sur le portail de l'ANSD.",
        "low",
        ["ansd"],
        "short",
        "implemented",
    ),
]

NEEDS = [
    (
        "Formation des agents de la DPAF à l'exploitation statistique de MIDAS.",
        "training",
        "dpaf",
        "high",
    ),
    ("Équipement informatique des postes frontières terrestres.", "equipment", "dpaf", "high"),
    (
        "Appui technique pour l'intégration d'un module migration dans l'EHCVM.",
        "technical",
        "ansd",
        "medium",
    ),
    (
        "Cadre de concertation permanent entre producteurs et utilisateurs de données.",
        "coordination",
        "dgppe",
        "high",
    ),
    ("Financement de la mise à jour régulière du profil migratoire.", "funding", "dgppe", "medium"),
    (
        "Formation à la protection des données personnelles des migrants.",
        "training",
        "cnltp",
        "medium",
    ),
    (
        "Logiciel de gestion des dossiers d'asile interopérable avec celui du HCR.",
        "equipment",
        "cnrrpd",
        "low",
    ),
    (
        "Formation des services régionaux de planification à l'usage des données migratoires.",
        "training",
        "dgppe",
        "medium",
    ),
]

GLOSSARY = [
    (
        "Migrant international",
        "Personne qui vit dans un pays autre que son pays de naissance ou de nationalité.",
        "International migrant",
        "A person who lives in a country other than their country of birth or citizenship.",
    ),
    (
        "Émigré",
        "Ressortissant ou natif qui réside à l'étranger.",
        "Emigrant",
        "A national or native who lives abroad.",
    ),
    (
        "Immigré",
        "Personne née à l'étranger qui réside dans le pays.",
        "Immigrant",
        "A person born abroad who lives in the country.",
    ),
    (
        "Stock de migrants",
        "Nombre de migrants présents à une date donnée.",
        "Migrant stock",
        "The number of migrants present at a given date.",
    ),
    (
        "Flux migratoire",
        "Nombre de migrants qui entrent ou sortent pendant une période.",
        "Migration flow",
        "The number of migrants who arrive or leave during a period.",
    ),
    (
        "Transferts de fonds",
        "Sommes envoyées par les migrants à leurs proches restés au pays.",
        "Remittances",
        "Money sent by migrants to relatives in their country of origin.",
    ),
    (
        "Diaspora",
        "Ensemble des émigrés et de leurs descendants qui gardent un lien avec le pays.",
        "Diaspora",
        "Emigrants and their descendants who keep ties with the country.",
    ),
    (
        "Réfugié",
        "Personne reconnue comme telle au titre de la Convention de 1951 ou de la "
        "Convention de l'OUA de 1969.",
        "Refugee",
        "A person recognised under the 1951 Convention or the 1969 OAU Convention.",
    ),
    (
        "Demandeur d'asile",
        "Personne dont la demande de protection n'a pas encore été tranchée.",
        "Asylum seeker",
        "A person whose claim for protection has not yet been decided.",
    ),
    (
        "Traite des personnes",
        "Recrutement ou transport de personnes par la contrainte ou la "
        "tromperie aux fins d'exploitation.",
        "Trafficking in persons",
        "The recruitment or "
        "transport of people by force or deception for the purpose of exploitation.",
    ),
    (
        "Trafic illicite de migrants",
        "Fait d'assurer, contre un avantage, l'entrée illégale d'une personne dans un État.",
        "Smuggling of migrants",
        "Procuring, for a benefit, the illegal entry of a person into a State.",
    ),
    (
        "Profil migratoire",
        "Rapport qui rassemble les données disponibles sur les migrations d'un pays.",
        "Migration profile",
        "A report that brings together the available data on a country's migration.",
    ),
    (
        "Cycle de la politique migratoire",
        "Étapes de l'identification des besoins à la reformulation d'une politique.",
        "Migration policy cycle",
        "The stages from the identification of needs to the reformulation of a policy.",
    ),
    (
        "Données administratives",
        "Données issues de l'activité des administrations, non d'une enquête.",
        "Administrative data",
        "Data produced by the work of administrations rather than by a survey.",
    ),
]

FOREWORDS = [
    (
        "Mamadou Diagne",
        "Directeur général de la Planification et des Politiques économiques",
        "dgppe",
        "fr",
        "Les migrations sont au cœur du développement du Sénégal. Pour que nos politiques "
        "reposent sur des faits, il faut savoir quelles données existent, qui les produit, qui "
        "les utilise et ce qui manque encore. Ce guide, élaboré avec l'ensemble des "
        "institutions concernées dans le cadre du Processus de Rabat, répond à ce besoin. "
        "J'invite chaque administration à s'en saisir et à contribuer à sa mise à jour.\n\n"
        "[Texte de démonstration : ce guide n'a pas été validé par les autorités "
        "sénégalaises.]",
    ),
]


def demo_dossier() -> dict:
    """The demonstration dossier of Senegal, in the dossier export format."""
    inst = {key: _id("institution", key) for key, *_ in INSTITUTIONS}
    contact = {key: _id("contact", key) for key, *_ in CONTACTS}
    source = {key: _id("source", key) for key, *_ in SOURCES}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "country": "SEN",
        "dossier": {
            "framework": FRAMEWORK,
            "is_demo": True,
            "languages": ["fr", "en"],
            "situation": SITUATION,
        },
        "institutions": [
            {
                "id": inst[key],
                "name": name,
                "acronym": acronym,
                "kind": kind,
                "website": "",
                "mandate": mandate,
            }
            for key, name, acronym, kind, mandate in INSTITUTIONS
        ],
        "contacts": [
            {
                "id": contact[key],
                "institution": inst[i],
                "name": name,
                "job_title": title,
                "email": f"{key}@example.org",
                "phone": f"+221 33 000 {n:02d} {n:02d}",
                "consent_to_publish": consent is not None,
                "consent_recorded_on": consent,
                "consent_note": note,
            }
            for n, (key, i, name, title, consent, note) in enumerate(CONTACTS, start=10)
        ],
        "legal_instruments": [
            {
                "id": _id("legal", title),
                "title": title,
                "kind": kind,
                "year": year,
                "status": status,
                "notes": notes,
            }
            for title, kind, year, status, notes in LEGAL
        ],
        "sources": [
            {
                "id": source[key],
                "title": title,
                "description": description,
                "collector": inst[collector],
                "areas": areas,
                "status": status,
                "kind": kind,
                "periodicity": periodicity,
                "temporal_coverage": period,
                "geographic_coverage": "Sénégal",
                "disaggregation": disaggregation,
                "data_format": "tableaux et microdonnées" if access == "public" else "base interne",
                "access": access,
                "last_update": last_update,
                "url": "",
                "contacts": [contact[k] for k, i, *_ in CONTACTS if i == collector],
                "users": [inst[u] for u in users],
                "stages": stages,
                "limitations": limitations,
            }
            for (
                key,
                title,
                collector,
                areas,
                status,
                kind,
                periodicity,
                period,
                disaggregation,
                access,
                last_update,
                users,
                stages,
                description,
                limitations,
            ) in SOURCES
        ],
        "policy_cycle": [
            {
                "id": _id("actor", f"{stage}:{i}"),
                "stage": stage,
                "institution": inst[i],
                "role": role,
            }
            for stage, i, role in STAGE_ACTORS
        ],
        "profile_contents": [
            {
                "id": _id("content", theme),
                "theme": theme,
                "indicators": indicators,
                "status": status,
                "source": source[s] if s else None,
                "notes": notes,
            }
            for theme, indicators, status, s, notes in PROFILE_CONTENTS
        ],
        "workgroup": [
            {
                "id": _id("member", key),
                "contact": contact[key],
                "role": role,
                "is_coordinator": coordinator,
            }
            for key, role, coordinator in WORKGROUP
        ],
        "use_examples": [
            {
                "id": _id("example", title),
                "title": title,
                "description": description,
                "function": function,
                "institution": inst[i],
                "year": year,
            }
            for title, description, function, i, year in USE_EXAMPLES
        ],
        "challenges": [
            {
                "id": _id("challenge", description),
                "category": category,
                "description": description,
                "corrective_actions": actions,
                "past_strategies": past,
                "responsible": inst[i],
                "status": status,
            }
            for category, description, actions, past, i, status in CHALLENGES
        ],
        "recommendations": [
            {
                "id": _id("recommendation", text),
                "theme": theme,
                "text": text,
                "priority": priority,
                "responsible": [inst[i] for i in responsible],
                "timeframe": timeframe,
                "status": status,
            }
            for theme, text, priority, responsible, timeframe, status in RECOMMENDATIONS
        ],
        "needs": [
            {
                "id": _id("need", description),
                "description": description,
                "kind": kind,
                "institution": inst[i],
                "priority": priority,
            }
            for description, kind, i, priority in NEEDS
        ],
        "glossary": [
            {
                "id": _id("term", fr),
                "term_fr": fr,
                "definition_fr": dfr,
                "term_en": en,
                "definition_en": den,
            }
            for fr, dfr, en, den in GLOSSARY
        ],
        "forewords": [
            {
                "id": _id("foreword", signatory),
                "signatory": signatory,
                "signatory_title": title,
                "institution": inst[i],
                "language": language,
                "text": text,
            }
            for signatory, title, i, language, text in FOREWORDS
        ],
    }

"""What the six delegations of the 2021 workshop worked out (plausible, drawn from the mapping in
../shared/reference/sse_domain.md and the atlas's real instruments). The pending bills (Korea's Framework
Act on the Social Economy, the Philippines' PRESENT bill) are atlas records of type "bill" (atlas demo
data, from the same reference); the actions that would enact them link them with "create"."""

KR_BILL = "Framework Act on the Social Economy (bill)"
PH_BILL = "PRESENT bill (Poverty Reduction through Social Entrepreneurship)"

# (kind, text, atlas instrument title or "")
ANALYSIS = {
    "KR": [
        ("challenge", "Separate laws for each kind of SSE organisation (SEPA 2007, Framework Act on Cooperatives 2012, "
                      "self-sufficiency enterprises) and no common definition of the social economy.",
         "Social Enterprise Promotion Act"),
        ("opportunity", "KoSEA and the certification system give a tested delivery channel for support.",
         "Social enterprise certification system (MOEL)"),
    ],
    "PH": [
        ("challenge", "The PRESENT bill has been re-filed since 2012 without enactment; social enterprises have no "
                      "legal form of their own.", PH_BILL),
        ("opportunity", "The 2019 CDA Charter puts cooperatives into national development plans.",
         "Cooperative Development Authority Charter of 2019 (RA 11364)"),
    ],
    "JP": [
        ("opportunity", "The Worker Cooperatives Act (2020) lets workers set up a cooperative by registration; "
                        "municipalities need guidance to use it for local jobs.", "Worker Cooperatives Act"),
        ("challenge", "Dormant-deposit funds reach few small SSE organisations in rural areas.",
         "Dormant Deposits Utilization Act (Act on Utilization of Funds Related to Dormant Deposits to Promote "
         "Private Public-Interest Activities)"),
    ],
    "CN": [
        ("challenge", "Social enterprise certification exists only in some cities (Beijing, Chengdu, Shunde) with "
                      "different criteria.", "Beijing Social Enterprise Certification Method"),
        ("opportunity", "Farmers' specialised cooperatives are widespread and recognised in national law.",
         "Law on Farmers' Specialized Cooperatives"),
    ],
    "MY": [
        ("opportunity", "SEMy2030 sets a national framework for social entrepreneurship to 2030.",
         "Social Entrepreneurship Action Framework 2030 (SEMy2030)"),
        ("challenge", "Social enterprises register as companies or societies; accreditation is voluntary and little "
                      "known to buyers.", "Social Enterprise Accreditation (SE.A)"),
    ],
    "ID": [
        ("challenge", "The 2012 cooperative law was annulled, so cooperatives still work under the 1992 law.",
         "Law No. 25 of 1992 on Cooperatives"),
        ("opportunity", "Village-owned enterprises (BUM Desa) now have legal personality and village funds.",
         "Government Regulation No. 11 of 2021 on Village-Owned Enterprises (BUM Desa)"),
    ],
}

# title, description, dimension, entity types, lead institution (atlas name) or free text, partners,
# time frame, resources, indicators, risks, instrument title, link
ACTIONS = {
    "KR": [
        ("Enact a Framework Act on the Social Economy",
         "Build tripartite support for the pending framework bill: one definition of the social economy, a national "
         "basic plan and a coordinating committee.",
         "legal_framework", ["social_enterprise", "cooperative", "community_enterprise"], "Ministry of Economy and Finance",
         "KoSEA, FKTU, KCTU, Korea Enterprises Federation", "long", "Legislative drafting support; public hearings",
         [("Framework act passed by the National Assembly", "0", "1")], "Bill lapses again at the end of the term",
         KR_BILL, "create"),
        ("Amend the Social Enterprise Promotion Act to move from certification to registration",
         "Lower the entry barrier while keeping the social-purpose test.", "legal_framework", ["social_enterprise"],
         "Ministry of Employment and Labor", "KoSEA", "medium", "Regulatory impact study",
         [("Registered social enterprises", "about 3,000", "5,000")], "Loss of quality control",
         "Social Enterprise Promotion Act", "amend"),
        ("Extend public procurement quotas for social economy products to every province",
         "Use the Seoul ordinance as a model for provincial ordinances.", "market_access", ["social_enterprise", "cooperative"],
         "Seoul Metropolitan Government", "Provincial governments", "medium", "Procurement guidance",
         [("Provinces with a purchase ordinance", "5", "17")], "Uneven enforcement",
         "Seoul Metropolitan Government Ordinance on Facilitation of Purchase of Social Economic Enterprise-Manufactured Products",
         "implement"),
        ("Collect social economy statistics in the labour force survey",
         "Count jobs and wages in SSE units so that policy can follow decent-work outcomes.", "data_statistics", [],
         "Statistics Korea", "Seoul National University", "short", "Survey module", [("SSE jobs counted", "no", "yes")],
         "", "", ""),
    ],
    "PH": [
        ("Pass the PRESENT bill (Poverty Reduction through Social Entrepreneurship)",
         "Support the re-filed bill with a tripartite position paper; it would create a legal framework for social "
         "enterprises serving the poor.", "legal_framework", ["social_enterprise"],
         "Congress of the Philippines", "PhilSEN, ECOP, TUCP", "long", "Position paper; committee hearings",
         [("Bill enacted", "0", "1")], "Competing legislative priorities", PH_BILL, "create"),
        ("Implement the CDA Charter's cooperative inclusion in development plans",
         "Each region's development plan names cooperative targets.", "institutional_framework", ["cooperative"],
         "Cooperative Development Authority", "NEDA, DTI", "medium", "Regional planning workshops",
         [("Regional plans with cooperative targets", "2", "17")], "", "Cooperative Development Authority Charter of 2019 (RA 11364)",
         "implement"),
        ("Link the Sustainable Livelihood Program to cooperatives of informal workers",
         "Route livelihood grants through registered cooperatives to help members formalise.", "decent_work_inclusion",
         ["cooperative", "self_help_group"], "Department of Social Welfare and Development", "DOLE, CDA", "short",
         "Programme guidelines", [("SLP groups registered as cooperatives", "n/a", "500")], "Capture by local elites",
         "Sustainable Livelihood Program (SLP)", "implement"),
        ("Social protection for members of mutual benefit associations",
         "Extend MBA microinsurance to informal workers' cooperatives.", "finance", ["mutual"], "Insurance Commission",
         "RIMANSI", "medium", "", [("Informal workers covered", "n/a", "100,000")], "",
         "Mutual Benefit Associations under the Insurance Code (PD 612, Chapter VII)", "implement"),
    ],
    "JP": [
        ("Guidance for municipalities on the Worker Cooperatives Act",
         "A handbook and regional seminars so that municipalities support new worker cooperatives in care and local services.",
         "skills_business_support", ["cooperative"], "Ministry of Health, Labour and Welfare", "Japan Workers' Co-operative Union",
         "short", "Handbook; 8 regional seminars", [("Worker cooperatives registered", "0", "300")], "",
         "Worker Cooperatives Act", "implement"),
        ("Dormant-deposit grants for small rural SSE organisations",
         "A window for small grants with simpler reporting.", "finance", ["nonprofit_organization", "cooperative"],
         "Japan Network for Public Interest Activities (JANPIA)", "Prefectural NPO centres", "medium", "Grant window",
         [("Rural grantees", "n/a", "200")], "Administrative burden", "Dormant Deposits Utilization Act (Act on Utilization "
         "of Funds Related to Dormant Deposits to Promote Private Public-Interest Activities)", "implement"),
        ("Decent-work standards in worker cooperatives",
         "RENGO and the cooperative movement agree minimum standards for members' working conditions.",
         "decent_work_inclusion", ["cooperative"], "Japanese Trade Union Confederation (RENGO)", "JWCU", "medium", "",
         [("Cooperatives applying the standards", "0", "100")], "", "", ""),
        ("Public recognition of SSE in the national growth strategy",
         "Name SSE organisations in the Cabinet Office's regional revitalisation strategy.", "awareness_culture", [],
         "Cabinet Office", "", "long", "", [], "", "", ""),
    ],
    "CN": [
        ("A provincial social enterprise certification standard",
         "Harmonise the city schemes into one Sichuan standard first, as a model for others.", "legal_framework",
         ["social_enterprise"], "Sichuan Administration for Market Regulation", "Chengdu Social Enterprise Association",
         "medium", "", [("Cities using the standard", "2", "21")], "", "Chengdu Measures for the Cultivation, Development and "
         "Management of Social Enterprises", "implement"),
        ("Credit for farmers' specialised cooperatives",
         "Rural banks offer group credit backed by the cooperative's members.", "finance", ["cooperative"],
         "Ministry of Agriculture and Rural Affairs", "Rural credit cooperatives", "medium", "",
         [("Cooperatives with a credit line", "n/a", "10,000")], "Defaults in bad harvest years",
         "Law on Farmers' Specialized Cooperatives", "implement"),
        ("Training for social enterprise managers in community governance",
         "", "skills_business_support", ["social_enterprise"], "Chengdu Municipal People's Government", "", "short", "",
         [], "", "", ""),
        ("Tax guidance for charitable social enterprises", "", "fiscal_incentives", ["foundation"],
         "Ministry of Civil Affairs", "", "medium", "", [], "", "Charity Law", "implement"),
    ],
    "MY": [
        ("Make SE.A accreditation count in public procurement",
         "Accredited social enterprises get a preference margin in government purchasing.", "market_access",
         ["social_enterprise"], "Ministry of Entrepreneur and Cooperatives Development (KUSKOP)", "MaGIC", "medium", "",
         [("Contracts awarded to accredited SEs", "n/a", "RM 50 million")], "", "Social Enterprise Accreditation (SE.A)",
         "implement"),
        ("A legal form for social enterprises under SEMy2030", "", "legal_framework", ["social_enterprise"],
         "Ministry of Entrepreneur and Cooperatives Development (KUSKOP)", "SSM", "long", "", [], "",
         "Social Entrepreneurship Action Framework 2030 (SEMy2030)", "implement"),
        ("Cooperative training for young workers", "", "skills_business_support", ["cooperative"],
         "Malaysia Co-operative Societies Commission (SKM)", "MTUC, ANGKASA", "short", "", [], "",
         "Malaysia Cooperative Policy 2030 (DaKoM 2030)", "implement"),
        ("SSE data in the national statistics", "", "data_statistics", [], "Department of Statistics Malaysia", "",
         "medium", "", [], "", "", ""),
    ],
    "ID": [
        ("A new cooperative law to replace the 1992 law",
         "Draft with the cooperative movement a law that keeps the principles the Constitutional Court upheld.",
         "legal_framework", ["cooperative"], "Ministry of Cooperatives and Small and Medium Enterprises", "Inkopdit, KSPI, APINDO",
         "long", "", [("Draft bill submitted", "0", "1")], "", "Law No. 25 of 1992 on Cooperatives", "amend"),
        ("Support village-owned enterprises with business training", "", "skills_business_support",
         ["community_enterprise"], "Ministry of Villages, Development of Disadvantaged Regions and Transmigration", "",
         "short", "", [("BUM Desa trained", "n/a", "5,000")], "",
         "Government Regulation No. 11 of 2021 on Village-Owned Enterprises (BUM Desa)", "implement"),
        ("Microfinance institutions serving informal workers", "", "finance", ["microfinance_institution"],
         "Financial Services Authority (OJK)", "", "medium", "", [], "", "Law No. 1 of 2013 on Microfinance Institutions",
         "implement"),
        ("Social protection enrolment through cooperatives", "", "decent_work_inclusion", ["cooperative"],
         "BPJS Ketenagakerjaan", "KSPSI", "short", "", [("Informal members enrolled", "n/a", "200,000")], "", "", ""),
    ],
}

# Follow-up reported on the first two priorities of each plan: (date, status, %, note, evidence link)
UPDATES = [
    ("2021-06-30", "in_progress", 25, "Working group met twice; terms of reference agreed.", ""),
    ("2021-12-15", "in_progress", 60, "Draft presented at the national tripartite meeting.",
     "https://www.ilo.org/global/topics/cooperatives/projects/WCMS_714983/lang--en/index.htm"),
]
PUBLIC = ("KR", "PH")

"""The community demo's words: discussions in the programme's languages, three cases drawn from real
atlas records, the institutions that answered the open call and the library. Facts follow the atlas
records they link to (../shared/reference/sse_policies.jsonl)."""

# (slug, title, kind, country, theme code, public, position)
CATEGORIES = [
    ("welcome", "Welcome and introductions", "general", "", "", True, 0),
    ("members-lounge", "Members' lounge", "general", "", "", False, 1),
    ("formalisation", "Transition to the formal economy", "theme", "", "formalisation", True, 10),
    ("rural-decent-work", "Decent work in the rural economy", "theme", "", "rural-decent-work", True, 11),
    ("covid-recovery", "SSE responses to COVID-19 and recovery", "theme", "", "covid-recovery", True, 12),
    ("china", "China", "country", "CN", "", True, 20),
    ("japan", "Japan", "country", "JP", "", True, 21),
    ("korea", "Republic of Korea", "country", "KR", "", True, 22),
    ("philippines", "Philippines", "country", "PH", "", True, 23),
    ("malaysia", "Malaysia", "country", "MY", "", True, 24),
    ("indonesia", "Indonesia", "country", "ID", "", True, 25),
]

EXPERTISE = {
    "CN": ["farmers' cooperatives", "rural development"],
    "JP": ["worker cooperatives", "care services"],
    "KR": ["social enterprise certification", "public procurement"],
    "PH": ["cooperatives", "SSE legislation"],
    "MY": ["cooperatives", "social enterprise accreditation"],
    "ID": ["koperasi", "village enterprises"],
}

# Each discussion: category, author e-mail, title, body, replies [(author e-mail, body)], accepted reply index.
# `{atlas:ref-23}` is replaced by the link to that atlas record (it renders as a card).
DISCUSSIONS = [
    {
        "category": "japan", "author": "applicant.jp1@demo.ssehub.org",
        "title": "労働者協同組合法の施行後、自治体はどのような支援をしていますか？",
        "body": ("2022年10月に労働者協同組合法が施行され、届出だけで法人格を得られるようになりました。\n\n"
                 "{atlas:ref-23}\n\n"
                 "私たちの町では介護と子育て支援の協同組合を作る準備をしていますが、設立後の運営資金や研修について、"
                 "他の国の行政はどのように支援しているのでしょうか。特に協同組合を監督する機関の役割を知りたいです。"),
        "replies": [
            ("applicant.my1@demo.ssehub.org",
             "Di Malaysia, koperasi didaftar dan diselia oleh Suruhanjaya Koperasi Malaysia (SKM) di bawah Akta "
             "Suruhanjaya Koperasi Malaysia 2007.\n\n{atlas:ref-36}\n\n"
             "SKM bukan sahaja mengawal selia, tetapi juga menyediakan latihan untuk ahli lembaga koperasi baharu "
             "dan membantu koperasi kecil menyediakan laporan kewangan. Pengalaman kami: latihan tadbir urus pada "
             "tahun pertama paling penting, sebelum koperasi mula mengambil pekerja."),
            ("applicant.kr1@demo.ssehub.org",
             "한국에서는 협동조합 기본법(2012) 이후 지역별 중간지원조직이 설립 상담과 교육을 맡고 있습니다. "
             "설립 초기에는 회계와 노무 교육이 가장 도움이 되었습니다."),
        ],
        "accepted": 0,
    },
    {
        "category": "korea", "author": "applicant.kr1@demo.ssehub.org",
        "title": "사회적기업 인증제도의 성과와 과제",
        "body": ("사회적기업 육성법(2007)에 따른 인증제도로 취약계층 일자리가 늘었지만, 인건비 지원이 끝난 뒤 "
                 "자립하지 못하는 기업도 있습니다.\n\n{atlas:ref-28}\n\n"
                 "다른 나라에서는 공공조달이나 판로 지원을 어떻게 연계하고 있는지 궁금합니다."),
        "replies": [
            ("applicant.ph10@demo.ssehub.org",
             "Thank you for opening this. In the Philippines the SSE bill discussed in Congress also looks at "
             "preferential procurement. Could you share how the Seoul ordinance on purchasing social economy "
             "products worked in practice? {atlas:ref-33}"),
        ],
        "accepted": None,
    },
    {
        "category": "covid-recovery", "author": "applicant.id1@demo.ssehub.org",
        "title": "Koperasi simpan pinjam selama pandemi: restrukturisasi pinjaman anggota",
        "body": ("Selama pandemi COVID-19 banyak anggota koperasi kami di Yogyakarta kehilangan pendapatan. "
                 "Kami menunda angsuran selama enam bulan dan membuka layanan pembayaran digital.\n\n"
                 "Apakah ada pengalaman dari negara lain tentang dukungan pemerintah untuk likuiditas koperasi?"),
        "replies": [
            ("applicant.my6@demo.ssehub.org",
             "In Malaysia several credit cooperatives offered a loan moratorium in 2020 as the banks did. What "
             "helped most was clear guidance from the regulator on how to report the deferred instalments."),
        ],
        "accepted": None,
    },
    {
        "category": "rural-decent-work", "author": "applicant.cn1@demo.ssehub.org",
        "title": "农民专业合作社如何保障社员和雇工的劳动权益？",
        "body": ("我们在四川调研时发现，一些农民专业合作社雇用季节工，但没有签订劳动合同，也没有社会保险。"
                 "在推动合作社规范化的过程中，各国如何把体面劳动的要求纳入合作社的扶持政策？"),
        "replies": [
            ("applicant.jp9@demo.ssehub.org",
             "日本の農業協同組合でも季節労働者の社会保険が課題です。補助金の条件として労働条件の確認を入れている"
             "自治体もあります。"),
        ],
        "accepted": None,
    },
    {
        "category": "philippines", "author": "applicant.ph1@demo.ssehub.org",
        "title": "Where is the Philippine SSE bill now? / Nasaan na ang SSE bill?",
        "body": ("After the workshop our delegation agreed to follow the Social and Solidarity Economy bill in "
                 "Congress. Ano ang pinakahuling balita mula sa mga komite? Who can share the latest committee "
                 "schedule?"),
        "replies": [
            ("facilitator@demo.ssehub.org",
             "Salamat, Cristina. The Cooperative Development Authority is following the committee hearings; "
             "I will post the schedule in this topic as soon as it is published."),
        ],
        "accepted": None,
    },
    {
        "category": "members-lounge", "author": "organiser@demo.ssehub.org",
        "title": "Introductions: who is who after the workshop",
        "body": ("Welcome to the members' lounge! Please introduce yourself: your organisation, the policy you "
                 "are working on, and what you would like to learn from the other delegations. "
                 "@sato-yuki and @nurul-huda-binti-ismail have already agreed to start."),
        "replies": [
            ("applicant.jp1@demo.ssehub.org",
             "佐藤由紀です。地方自治体で労働者協同組合の支援を担当しています。Happy to connect with colleagues "
             "working on care cooperatives."),
        ],
        "accepted": None,
    },
]

CASES = [
    {
        "title": "Certified social enterprises as a route into work for vulnerable groups",
        "country": "KR", "entity_type": "social_enterprise", "dimension": "legal_framework",
        "theme": "formalisation",
        "problem": ("After the 1997 financial crisis, public work programmes gave long-term unemployed and "
                    "low-income people temporary jobs, but few of these turned into stable employment."),
        "approach": ("The Social Enterprise Promotion Act (2007) created a certification by the Ministry of "
                     "Employment and Labor: organisations with a social purpose, paid workers and democratic "
                     "decision-making can be certified. Certified social enterprises receive time-limited wage "
                     "subsidies, social insurance support, consulting and preferential public purchasing; the "
                     "Korea Social Enterprise Promotion Agency runs the support system."),
        "results": ("The number of certified social enterprises grew from about fifty in 2007 to more than "
                    "three thousand in the early 2020s, most of them employing people from vulnerable groups."),
        "lessons": ("Subsidies tied to certification helped start-ups but some enterprises struggled when "
                    "support ended; linking certification to market access (public procurement, ordinances "
                    "such as Seoul's) matters as much as the subsidy."),
        "contact": "Korea Social Enterprise Promotion Agency",
        "instruments": ["ref-26", "ref-28", "ref-29"],
    },
    {
        "title": "Worker cooperatives for care and community services under the 2020 Act",
        "country": "JP", "entity_type": "cooperative", "dimension": "legal_framework", "theme": "rural-decent-work",
        "problem": ("Groups of workers running care, childcare and community services had no legal form that "
                    "let members invest, work and manage together: they used NPOs or companies, which did not "
                    "fit their practice."),
        "approach": ("The Workers' Cooperatives Act, passed unanimously in December 2020 and in force from "
                     "October 2022, lets three or more people form a worker cooperative by registration, without "
                     "a permit. Members contribute capital, work in the cooperative under employment contracts "
                     "and take part in its management."),
        "results": ("Hundreds of worker cooperatives were founded or converted in the first years, many in "
                    "care and local services in rural towns; municipalities began to set up consultation desks."),
        "lessons": ("A simple registration lowered the barrier; training in governance and labour law in the "
                    "first year is what members ask for most."),
        "contact": "Japan Workers' Co-operative Union",
        "instruments": ["ref-23"],
    },
    {
        "title": "A supervised cooperative movement as a pillar of Malaysia's economy",
        "country": "MY", "entity_type": "cooperative", "dimension": "institutional_framework", "theme": "",
        "problem": ("Malaysia's many cooperatives, from school cooperatives to large credit cooperatives, were "
                    "supervised by a department with limited means, and some credit cooperatives failed."),
        "approach": ("The Malaysia Co-operative Societies Commission Act 2007 created the Suruhanjaya Koperasi "
                     "Malaysia (SKM) in 2008 to register, supervise and develop cooperatives. National "
                     "Cooperative Policies (2011–2020, then 2030) set targets for the sector's share of the "
                     "economy and programmes for governance, training and financing."),
        "results": ("Supervision of credit cooperatives became stricter and reporting more regular; "
                    "cooperatives are recognised in national development plans as the third economic sector."),
        "lessons": ("A single commission that both supervises and develops cooperatives needs a clear line "
                    "between the two roles; member training is part of prudential supervision."),
        "contact": "Suruhanjaya Koperasi Malaysia",
        "instruments": ["ref-35", "ref-36", "ref-37"],
    },
]

INSTITUTIONS = [
    {"name": "Korea Social Enterprise Promotion Agency (KoSEA)", "name_local": "한국사회적기업진흥원",
     "country": "KR", "kind": "agency", "website": "https://www.socialenterprise.or.kr",
     "contact_name": "Park Seo-yeon", "contact_email": "organiser@demo.ssehub.org",
     "motivation": "KoSEA co-implemented the programme and wants its staff to keep learning with the delegations.",
     "submitter": "organiser@demo.ssehub.org", "approve": True},
    {"name": "Asian Solidarity Economy Council (ASEC)", "name_local": "",
     "country": "PH", "kind": "network", "website": "https://www.asec-sse.org",
     "contact_name": "Ma. Cristina Dela Cruz", "contact_email": "applicant.ph1@demo.ssehub.org",
     "motivation": "A regional network of SSE practitioners; our members can share cases from the whole region.",
     "submitter": "applicant.ph1@demo.ssehub.org", "approve": True},
    {"name": "Japan Workers' Co-operative Union", "name_local": "日本労働者協同組合連合会",
     "country": "JP", "kind": "federation", "website": "https://jwcu.coop",
     "contact_name": "Yoshida Satoshi", "contact_email": "applicant.jp10@demo.ssehub.org",
     "motivation": "We support worker cooperatives founded under the 2020 Act and would share their experience.",
     "submitter": "applicant.jp10@demo.ssehub.org", "approve": None},
]

RESOURCES = [
    {"title": "Strengthening Social and Solidarity Economy Policy in Asia (ILO project page)", "kind": "report",
     "url": "https://www.ilo.org/global/topics/cooperatives/projects/WCMS_714983/lang--en/index.htm",
     "description": "The project behind the research conference and the capacity-building workshop.",
     "country": "", "is_public": True},
    {"title": "UN General Assembly resolution 77/281: Promoting the social and solidarity economy for "
              "sustainable development", "kind": "report", "url": "https://undocs.org/A/RES/77/281",
     "description": "The 2023 resolution that recognises the SSE and asks governments to support it.",
     "country": "", "is_public": True},
    {"title": "ILO: cooperatives and the social and solidarity economy", "kind": "other",
     "url": "https://www.ilo.org/global/topics/cooperatives/lang--en/index.htm",
     "description": "The ILO's topic page, kept for the members' follow-up discussions.",
     "country": "", "is_public": False},
]

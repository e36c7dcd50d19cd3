# ruff: noqa: E501
"""
Test data for the record's honesty checks: which source addresses are confirmed, and which
records may rest on the May 2022 article alone.

Every address a fixture gives a source must be here, with where it was confirmed: the
section of the fact-check (/work/research/facts-confirmed.md, 29 November 2026) that saw it.
An address seen nowhere does not go into the data.
"""

CONFIRMED_URLS: dict[str, str] = {
    "https://chinadigitaltimes.net/2022/05/canada-kicks-out-huawei-u-s-weighs-further-sanctions-on-hikvision-china-invests-in-undermining-sanctions/": "C-S9: the stored page itself",
    "https://www.canada.ca/en/innovation-science-economic-development/news/2022/05/policy-statement--securing-canadas-telecommunications-system.html": "C-M1: stored page",
    "https://finance.yahoo.com/news/statement-minister-champagne-telecommunications-security-215300765.html": "C-M1: minister's statement (CNW via Yahoo Finance)",
    "https://www.canada.ca/en/public-safety-canada/news/2022/06/overview-of-the-proposed-changes-to-the-telecommunications-act.html": "C-M1: Public Safety Canada backgrounder",
    "https://openparliament.ca/bills/44-1/C-26/?page=2&tab=mentions": "C-M1: OpenParliament (LEGISinfo)",
    "https://parliamentnow.ca/legislation/bill/228022": "C-M1: ParliamentNow (LEGISinfo)",
    "https://webiis08.mondaq.com/canada/telecoms-mobile-cable-communications/1805100/canadas-new-cybersecurity-framework-what-service-providers-should-expect-following-the-adoption-of-bill-c-8": "C-M1: Mondaq (Royal Assent, secondary)",
    "https://gowlingwlg.com/en-fr/insights-resources/articles/2025/critical-infrastructure-cyber-security-bill": "C-M1: Gowling WLG",
    "https://ipolitics.ca/2025/03/14/carney-sworn-in-as-prime-minister-alongside-revamped-cabinet": "C-ISED-minister: iPolitics",
    "https://www.thompsonhinesmartrade.com/2019/05/huawei-technologies-co-ltd-and-68-affiliates-added-to-bis-entity-list/": "A-M2: Thompson Hine",
    "https://www.thompsonhine.com/publications/commerce-issues-interim-final-rule-addressing-foreign-produced-direct-products-and-specifically-targets-huawei-technologies": "A-M3: Thompson Hine",
    "https://www.thompsonhinesmartrade.com/2020/08/commerce-confirms-expiration-of-temporary-general-license-for-huawei-transactions-adds-further-huawei-affiliates-to-entity-list-and-amends-direct-product-rule/": "A-M3: Thompson Hine",
    "https://federalregister.gov/d/2019-22210": "A-M4: inside the BIS rule's public-inspection copy",
    "https://www.hugheshubbard.com/news/u-s-government-adds-chinese-governmental-and-commercial-organizations-to-the-entity-list": "A-M4: Hughes Hubbard",
    "https://www.acq.osd.mil/dpap/dars/section889.html": "A-M5: DoD DPAP/DARS page",
    "https://www.eac.gov/what-section-889-fy-2019-ndaa": "A-M5: EAC page",
    "https://www.bnnbloomberg.ca/pentagon-names-20-chinese-firms-it-says-are-military-controlled-1.1455868": "A-M6: BNN Bloomberg",
    "https://wiley.law/alert-Department-of-Defense-Releases-List-of-Companies-Tied-to-Chinese-Military": "A-M6: Wiley",
    "https://ofac.treasury.gov/consolidated-sanctions-list/ns-cmic-list": "A-M7: source URL in the OFAC rows of real/us-csl",
    "https://www.thompsonhinesmartrade.com/2021/06/biden-administration-expands-chinese-military-industrial-company-sanctions/": "A-M7: Thompson Hine",
    "https://www.nasdaq.com/articles/u.s.-plans-to-impose-sanctions-on-chinas-hikvision-ft": "C-S3: Reuters via Nasdaq",
    "https://carnegieendowment.org/2022/05/06/u.s.-sanctions-on-hikvision-would-dangerously-escalate-china-tech-tensions-pub-87089": "C-M8: Carnegie",
    "https://foreignaffairs.house.gov/press-release/mccaul-meeks-require-potus-to-authorize-sanctions-against-ccp-surveillance-company": "C-M8: HFAC press release",
    "https://rollcall.com/2023/03/07/mccaul-meeks-trigger-sanctions-review-for-chinese-firm/": "C-M8: Roll Call",
    "http://stage.exportcompliancedaily.com/article/2024/01/19/treasury-declined-request-to-sanction-hikvision-lawmakers-say-2401180070?BC=bc_6739def2e754d": "C-M8: Export Compliance Daily",
    "https://www.telecomtv.com/content/5g/new-australian-prime-minister-bans-huawei-and-zte-from-5g-contracts-32111/": "A-M9: TelecomTV",
    "https://www.themandarin.com.au/97570-morrison-bans-huawei-from-5g-mobile-rollout/": "A-M9: The Mandarin",
    "https://www.nzherald.co.nz/business/news/article.cfm?c_id=3&objectid=12168156": "A-M10: NZ Herald",
    "https://www.newsroom.co.nz/2019/02/20/453454/gcsb-no-pressure-on-huawei-decision": "A-M10: Newsroom",
    "https://www.parliament.uk/business/news/2020/july/statement-huawei-telecomms-july-2020/": "A-M11: UK Parliament news",
    "https://www.bbc.com/news/av/uk-53406464/huawei-5g-decision-will-cost-up-to-2bn": "A-M11: BBC",
    "https://www.gov.uk/government/publications/targeted-consultations-on-proposed-designated-vendor-direction-and-designation-notice/proposals-to-issue-a-designation-notice-and-designated-vendor-direction-for-huawei-government-response-to-consultation": "A-M11: gov.uk government response",
    "https://www.rappler.com/technology/uk-extends-deadline-remove-huawei-equipment-5g-network-core/": "A-M11: Rappler/Reuters",
    "https://docs.fcc.gov/public/attachments/FCC-19-121A1.txt": "A-M12: FCC 19-121 text",
    "https://www.govinfo.gov/content/pkg/FR-2020-01-03/html/2019-27610.htm": "A-M12: 85 FR 230 on govinfo",
    "https://www.fcc.gov/supplychain/coveredlist": "B-FCC-CL: FCC Covered List",
    "https://www.everycrsreport.com/reports/IN11663.html": "B-FCC-CL: CRS Insight IN11663",
    "https://www.tlp.law/2021/03/15/fcc-publishes-rip-and-replace-covered-list/": "B-FCC-CL: TLP",
    "https://docs.fcc.gov/public/attachments/FCC-22-84A1.txt": "B-FCC-EA: FCC 22-84 text",
    "https://www.govinfo.gov/content/pkg/FR-2023-02-06/html/2022-28263.htm": "B-FCC-EA: 88 FR 7592 on govinfo",
    "https://fcc.gov/node/256146": "B-FCC-CL / B-FCC-EA: FCC page",
    "https://www.akingump.com/en/insights/alerts/dod-updates-section-1260h-list-of-chinese-military-companies-operating-directly-or-indirectly-in-the-united-states": "B-1260H: Akin Gump",
    "https://telekom.com/en/company/details/statement-5g-components-1070106": "B-DE: Deutsche Telekom statement",
    "https://www.world-grain.com/articles/11830-chinas-ban-on-canadian-canola-widens": "C-M13: World-Grain",
    "https://www.cp24.com/news/china-blocks-canola-shipments-from-viterra-saying-pests-found-among-the-grain-1.4352269": "C-M13: CP24",
    "https://sputnikglobe.com/amp/20181214/canada-consular-access-john-mccallum-1070701239.html": "C-Michaels: Sputnik",
    "https://www.freemichaelspavor.com/blog/2018/12/22/my-friend-michael": "C-Michaels: Korea Times column",
    "https://www.avpress.com/business/huawei-exec-resolves-charges-in-deal-with-us/article_034f2b6e-1d95-11ec-9c63-c38c3731b36d.html": "C-Meng: AP via Antelope Valley Press",
    "http://lnmlw.com/Bigdatamanagement/trqparvyuo.html": "C-share-fall: lnmlw.com",
    "https://www.thompsonhinesmartrade.com/2018/07/department-commerce-terminates-denial-order-zte-corporation/": "B-ZTE: Thompson Hine",
}

# The May 2022 article (China Digital Times).
ARTICLE = "china-digital-times-2022-05-huawei-hikvision"

# Records that may cite the article alone, because the article states everything they say
# (at the precision they give it), with the article's words.
ARTICLE_ONLY: dict[str, str] = {
    "canadian-intelligence-5g-warning-2018": "Canadian intelligence publicly warned about the "
    "threat to Canada’s 5G networks back in 2018.",
}

# How long a measure may stay "proposed" without a note saying why (FACTS-2026: the record
# moves; a proposal older than this has usually been decided one way or the other).
PROPOSED_WITHOUT_NOTE_DAYS = 365

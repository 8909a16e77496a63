"""Hand-written content of the planning demo (Republic of Kestria, National Migration and
Citizenship Policy 2027–2031): per specific objective, the baseline, the options with
their scores, the instruments and the activities of the action plan.

``PLAN`` reads like the core group's worksheet, one ``field: value`` a line
(``demo.parse_plan`` turns it into dicts). ``objective:`` opens a specific objective (a
key of ``OBJECTIVE_WORDS``), ``option:`` an option (``(preferred)`` with its
``rationale``, ``(discarded)`` with its ``reason``), ``instrument:`` an instrument of
the preferred option and ``action:`` one of its activities, named by a key that
``after`` (its prerequisites) refers to. Scores follow the order of ``CRITERIA`` for
options (-3..3) and of ``INSTRUMENT_CRITERIA`` for instruments (1..5); feasibility is
legal, technical, institutional, financial, political (1..5). ``serves`` lists words of
the operational objective the activity serves; ``dates`` run from the first day of the
first month to the last day of the second; an ``indicator`` is name | unit | baseline
in year | target in year | means of verification; an ``update`` is date | status |
value | reporter (a ``context.users`` key) | comment.

Institutions are referred to by their key in ``context.orgs`` (interior, foreign,
justice, labour, lawcom, stats, finance, health, immigration, refugees, police,
diaspora) or by the acronym of an organisation the stakeholders demo adds (LI, IOM,
ILO, FoE, KTUC, AMW, RSN, KDU, EUD, NATA, PCHAM, CMS, KBC, ALA, NYC); an acronym that
is not there is skipped. Every activity has its Accountable and a Responsible among the
keys.
"""

from __future__ import annotations

CRITERIA = (
    ("Effectiveness", "How far the option moves the objective's indicator.", 3.0),
    ("Cost to the state budget", "Lower net cost scores higher.", 2.0),
    ("Feasibility within five years", "Legal, technical and institutional readiness.", 2.0),
    ("Rights and equity", "Effect on migrants' rights and on vulnerable groups.", 2.0),
    ("Acceptability", "Support among ministries, parliament and the public.", 1.0),
)
WEIGHT_NOTE = (
    "Agreed by the core group at the options workshop; effectiveness weighted highest "
    "at the request of the Ministry of Interior, cost at the request of MoFEP."
)

# How each scorer (coordinator, immigration, diaspora, labour member) leans on the five
# criteria compared with the group's consensus score (each tilt nets out under the
# weights, so the disagreement shows as spread without moving the ranking).
SCORER_TILTS = (
    (0, 0, 0, 0, 0),
    (0, -1, 1, 0, 0),
    (1, 0, -1, 0, -1),
    (-1, 1, 0, 1, -1),
)

# Keys of the specific objectives, matched on words of their title.
OBJECTIVE_WORDS = {
    "coordination": ("coordinat", "governance", "ministries"),
    "data": ("data", "statistic", "evidence"),
    "labour": ("labour", "work", "recruit"),
    "diaspora": ("diaspora", "remittance", "abroad"),
}

PLAN = """
objective: coordination
baseline: The Ministry of Interior convenes ad hoc meetings when a crisis arises; mandates stay as the Aliens and Immigration Act of 2004 left them, and each ministry reports separately to cabinet.
baseline risks: Overlapping mandates persist; focal points change with every reshuffle.

option (preferred): Inter-ministerial Migration Committee with a permanent secretariat
description: A committee of deputy ministers chaired by the Ministry of Interior, meeting quarterly, with a three-person secretariat in the ministry's migration policy unit and a network of appointed focal points.
cost: 45000 one-off | 85000 a year
feasibility: 4 4 3 4 4
scores: 3 1 2 2 3
cost bearers: State budget (Ministry of Interior); start-up from the EU migration partnership facility.
benefits: One place where migration decisions are prepared and followed up.
beneficiaries: Line ministries; indirectly migrants, through coherent services.
feasibility note: Can be created by cabinet decree under the Government Act.
assumptions: Deputy ministers attend in person at least twice a year.
risks: The committee becomes a formality if the secretariat is not staffed.
rationale: Ranked first in the multi-criteria analysis; only if effectiveness were left out would the cheaper memoranda come first, and the group keeps effectiveness as its main criterion. It uses the cabinet mandate of Decision 14/2026 and closes the gap 'no standing inter-ministerial body on migration'. MoFEP agreed to the secretariat posts.

option (discarded): National Migration Agency merging the migration functions of four ministries
description: A new agency taking over immigration, labour-migration and diaspora functions from MoI, MoLSP and MFA, with its own budget vote.
cost: 1400000 one-off | 900000 a year
feasibility: 2 3 1 1 2
scores: 3 -3 -2 1 -1
cost bearers: State budget, new budget vote.
benefits: A single institution accountable for migration.
beneficiaries: Migrants and employers dealing with one office.
assumptions: Parliament passes an organic law before 2028.
risks: Two years of institutional upheaval while the policy should be delivered.
reason: The 2024 functional review advised against new agencies before 2030; the agency would cost about 1.4 million up front and need an organic law, and the transfer of staff would stall delivery during the first years of the policy.

option: Bilateral memoranda of understanding between ministries, without a standing body
description: MoI signs memoranda with MFA, MoLSP and the NSO defining who does what; no committee or secretariat.
cost: 10000 one-off | 5000 a year
feasibility: 4 5 3 5 4
scores: 1 2 2 0 1
cost bearers: Existing staff of the ministries.
benefits: Clarifies the main overlaps at almost no cost.
beneficiaries: Line ministries.
assumptions: Ministries honour memoranda without a body that follows them up.
risks: Issues involving three or more ministries stay unresolved.

instrument: Inter-ministerial Migration Committee and its secretariat
kind: organisational
lead: interior
policy area: migration governance
description: Committee of deputy ministers with rules of procedure, an annual work plan and a secretariat that prepares meetings and tracks decisions.
legal basis: Cabinet decree under the Government Act, art. 21 (standing inter-ministerial committees); Cabinet Decision 14/2026.
resources: Three secretariat posts in the MoI migration policy unit; meeting budget; minutes template.
cost: 130000
time to effect: 6 months
scores: 5 4 5 4 4 3 3 4

action: decree
title: Draft and adopt the cabinet decree establishing the Inter-ministerial Migration Committee
serves: standing, body
dates: 2026-09 to 2027-03
raci: interior:A justice:R lawcom:C foreign:C labour:C finance:I
output: Cabinet decree and rules of procedure of the committee
indicator: Decree establishing the committee adopted | yes/no | 0 in 2026 | 1 in 2027 | Official Gazette
cost: 12000
funding: State budget (Ministry of Interior)
milestones: Draft to MoJ legal review (Nov 2026); cabinet (Mar 2027)
assumptions: Cabinet keeps migration on its agenda in early 2027.
risks: Legal review by MoJ queues behind the budget laws.
update: 2026-10-30 | ongoing | 0 | coordinator | First draft discussed by the core group on 14 October; sent to the MoJ legislative department for legal review.

action: meetings
title: Staff the committee secretariat and hold the quarterly committee meetings
serves: standing, body
after: decree
dates: 2027-04 to 2029-12
raci: interior:A immigration:R foreign:C labour:C stats:C finance:I PCHAM:I
output: Three secretariat staff recruited; minutes and a decision log for every meeting
indicator: Committee meetings held with minutes circulated | per year | 0 in 2026 | 4 in 2028 | Minutes and decision log kept by the secretariat
cost: 190000
funding: State budget; EU migration partnership facility (2027 only)
milestones: Secretariat staffed (Jun 2027); first annual report to cabinet (Mar 2028)
assumptions: The three posts are included in the 2027 staff plan.
risks: Deputy ministers send junior staff and decisions stall.

instrument: Amendment of the Aliens and Immigration Act assigning migration functions to each ministry
kind: regulatory
lead: lawcom
policy area: legal reform
description: A new Part II listing the migration functions of MoI, MFA, MoLSP, MoFEP and the NSO, ending the overlaps found in the functional review.
legal basis: Aliens and Immigration Act (Act No. 7 of 2004), new Part II.
resources: Law Commission drafter; consultant on comparative legislation.
cost: 60000
time to effect: 24 months
scores: 4 3 4 2 5 3 3 3

action: review
title: Map overlapping migration mandates of the eight core institutions
serves: mandate
dates: 2027-02 to 2027-07
raci: interior:A lawcom:R foreign:C labour:C stats:C finance:C CMS:C
output: Mandate matrix and recommendations, validated by the core group
indicator: Institutions whose migration functions are mapped | number | 0 in 2026 | 8 in 2027 | Mandate matrix annexed to the review report
cost: 28000
funding: EU migration partnership facility
milestones: Interviews done (Apr 2027); validation workshop (Jul 2027)
assumptions: Each ministry shares its organigramme and staff list.
risks: Ministries defend existing functions and contest the findings.

action: amendment
title: Draft the amendment to the Aliens and Immigration Act and submit it to parliament
serves: mandate
after: review
dates: 2027-09 to 2028-09
raci: justice:A lawcom:R interior:C labour:C foreign:C PCHAM:I
output: Draft amendment with explanatory memorandum, tabled in parliament
indicator: Amendment tabled in parliament | yes/no | 0 in 2026 | 1 in 2028 | Parliamentary register of bills
cost: 35000
funding: State budget (Law Commission)
milestones: Public consultation (Feb 2028); cabinet approval (Jun 2028)
assumptions: The legislative calendar has room in the 2028 session.
risks: Early elections would send the bill back to the start.

instrument: Focal-point network with terms of reference, handover file and induction course
kind: informational
lead: interior
policy area: migration
description: Focal points appointed by ministerial order, with written terms of reference, a standard handover file and a two-day induction course.
resources: Training budget; trainers from the visiting expert team.
cost: 55000
time to effect: 12 months
scores: 3 5 4 5 4 3 3 5

action: focal
title: Appoint migration focal points by ministerial order in the eight core institutions
serves: focal
dates: 2027-04 to 2027-09
raci: interior:A labour:R foreign:R justice:R health:R stats:R finance:R
output: Ministerial orders naming a focal point and a deputy, with terms of reference
indicator: Institutions with a focal point appointed by order | number | 2 in 2025 | 8 in 2027 | Copies of the orders held by the committee secretariat
cost: 4000
funding: State budget (existing staff)
assumptions: Focal points are senior enough to speak for their ministry.
risks: Orders name a post that is vacant.

action: induction
title: Run the induction course and introduce the handover file for incoming focal points
serves: focal
after: focal
dates: 2027-10 to 2029-06
raci: interior:A immigration:R IOM:R labour:C foreign:C
output: Induction course held twice a year; handover file template in use
indicator: Focal points who completed the induction course | % of focal points | 0 in 2026 | 90 in 2029 | Course attendance lists
cost: 48000
funding: IOM project 'Migration governance in Kestria'
assumptions: The IOM project is extended beyond 2027.
risks: High turnover outpaces two courses a year.

objective: data
baseline: Each agency keeps its own register; the NSO receives yearly aggregate tables from the Department of Immigration under the 2024 agreement, and nothing from the Border Police or the consulates.
baseline risks: Registers remain unmatched; no migration profile can be produced.

option (preferred): Data-sharing protocol and a shared migration data platform hosted by the NSO
description: A protocol fixing variables, pseudonymisation and a transfer calendar; the NSO hosts a platform that receives extracts of the immigration, border-crossing and consular registers and publishes an annual migration profile.
cost: 420000 one-off | 70000 a year
feasibility: 4 3 4 3 4
scores: 3 0 2 2 2
cost bearers: State budget (NSO); EU migration partnership facility for the platform.
benefits: Matched flows and stocks; indicators of the whole policy become measurable.
beneficiaries: Policy makers, researchers, the public.
feasibility note: The Statistics Act 2011 already gives the NSO access to administrative sources.
assumptions: The Data Protection Commissioner approves the pseudonymisation scheme.
risks: Agencies deliver extracts late or in changing formats.
rationale: Highest weighted score and the only option that links the registers the policy's indicators depend on; the LFS module is kept as one of its activities.

option (discarded): Single central migration database run by the Ministry of Interior
description: One operational database replacing the immigration, border and consular registers, with real-time access for every agency.
cost: 2400000 one-off | 350000 a year
feasibility: 2 2 2 1 3
scores: 3 -3 -2 -1 1
cost bearers: State budget; a loan would be needed.
benefits: Real-time data for operations and statistics.
beneficiaries: Border and immigration officers.
assumptions: A new data protection law is passed first.
risks: Large IT project risk; mixes enforcement and statistical data.
reason: About 2.4 million up front and a new data protection law needed; the NSO and the Data Protection Commissioner warned that it merges enforcement and statistical data. Revisit after the platform has run for three years.

option: Migration module in the Labour Force Survey only
description: Add questions on migration history, intentions and remittances to the quarterly Labour Force Survey; no change to the registers.
cost: 90000 one-off | 40000 a year
feasibility: 5 5 4 4 4
scores: 1 2 2 1 2
cost bearers: NSO survey budget.
benefits: Survey estimates of emigration intentions and returns.
beneficiaries: Policy makers and researchers.
assumptions: Sample size is enough for regional estimates.
risks: Survey cannot count people who have already left.

instrument: Migration data-sharing protocol between MoI, MFA, MoLSP and the NSO
kind: regulatory
lead: stats
policy area: migration data
description: Binding protocol on variables, identifiers, pseudonymisation, transfer calendar and confidentiality of register extracts.
legal basis: Statistics Act 2011, art. 14 (access to administrative sources); Personal Data Protection Act 2018.
resources: NSO legal officer; data protection expert.
cost: 25000
time to effect: 9 months
scores: 4 5 5 4 5 3 3 4

action: protocol
title: Negotiate and sign the migration data-sharing protocol
serves: register, statistics
dates: 2026-10 to 2027-06
raci: stats:A immigration:R police:R diaspora:R justice:C interior:I
output: Protocol signed by four institutions, with annexes on variables and pseudonymisation
indicator: Institutions that signed the data-sharing protocol | number | 1 in 2025 | 4 in 2027 | Signed protocol held by the NSO
cost: 18000
funding: State budget (NSO)
milestones: Data protection opinion (Feb 2027); signature (Jun 2027)
assumptions: The 2024 NSO-MoI agreement can be extended, not replaced.
risks: Border Police object to sharing individual crossing records.
update: 2026-11-20 | ongoing | 1 | member4 | Variables list agreed with the Department of Immigration; Border Police asked for a legal opinion before the next round.

instrument: Co-financed build of the shared migration data platform
kind: financial
lead: stats
policy area: statistics
description: A multi-year budget line of the NSO matched by the EU migration partnership facility for hardware, software and two data engineers.
legal basis: Financing agreement with the EU migration partnership facility.
resources: Two data engineers; secure server room at the NSO.
cost: 480000
time to effect: 30 months
scores: 5 3 4 3 4 2 3 4

action: platform
title: Build the data platform and link the immigration, border and consular registers
serves: register, statistics
after: protocol
dates: 2027-07 to 2029-06
raci: stats:A immigration:R police:R diaspora:R finance:C EUD:I
output: Platform in production receiving quarterly extracts of five registers
indicator: Registers linked to the shared data platform | number | 0 in 2026 | 5 in 2029 | NSO platform transfer log
cost: 460000
funding: EU migration partnership facility (70%); State budget (30%)
milestones: Tender awarded (Dec 2027); first two registers linked (Sep 2028)
assumptions: The procurement is not challenged.
risks: The consular register is still on paper in 9 of 23 missions.

instrument: Annual migration profile of Kestria
kind: informational
lead: stats
policy area: migration data
description: A yearly statistical publication combining census, survey and register data, presented to the Inter-ministerial Migration Committee.
legal basis: National Statistical Programme 2026–2030.
resources: Two NSO statisticians; printing and launch event.
cost: 60000
time to effect: 18 months
scores: 4 4 5 5 5 4 3 5

action: lfs
title: Add a migration module (intentions, returns, remittances) to the Labour Force Survey
serves: register, statistics
dates: 2027-03 to 2028-12
raci: stats:A labour:R diaspora:C finance:C CMS:C interior:I
output: Tested questionnaire module; first quarter of data collected
indicator: Quarters of survey data with the migration module | number | 0 in 2026 | 4 in 2028 | NSO survey metadata and quality report
cost: 85000
funding: State budget (NSO survey budget); ILO technical support
milestones: Cognitive testing (Sep 2027); first quarter fielded (Q1 2028)
assumptions: The survey sample is raised in the northern provinces.
risks: Respondents under-report informal remittances.

action: profile
title: Publish the first annual migration profile
serves: register, statistics
after: lfs
dates: 2029-01 to 2029-06
raci: stats:A immigration:R CMS:C IOM:C interior:I PCHAM:I
output: Migration profile 2028 published and presented to the committee
indicator: Annual migration profile published | yes/no | 0 in 2026 | 1 in 2029 | NSO publication catalogue
cost: 30000
funding: IOM project 'Migration governance in Kestria'
assumptions: At least two registers are linked by the end of 2028.
risks: Figures contradict those quoted by ministries and are contested.

objective: labour
baseline: Work abroad is arranged by unlicensed intermediaries; the Labour Inspectorate can act only against domestic employers; the 2019 agreement with Arland covers seasonal agriculture only.
baseline risks: Abuse by recruiters goes on; candidates keep paying recruitment fees.

option (preferred): Licensing and joint inspection of private recruitment agencies
description: A licence regime under the Labour Code with a fee, a bond, a public register of licensed agencies and joint inspections by the Labour Inspectorate and the Border Police; taken up from the TOWS strategy on the regional labour mobility framework.
cost: 160000 one-off | 95000 a year
feasibility: 4 4 3 4 3
scores: 3 1 1 3 2
cost bearers: Licence fees cover about half the recurrent cost; State budget.
benefits: Fewer abusive recruiters; a public list candidates can check.
beneficiaries: Job-seekers going abroad, bona fide agencies, employers.
feasibility note: ILO Convention No. 181, ratified in 2012, provides the model.
assumptions: The Labour Inspectorate gets six more inspectors.
risks: Unlicensed recruiters move online or across the border.
rationale: Best weighted score; the only option that acts on the cause 'recruitment agencies operate unlicensed'. The information sessions of the third option are kept as a complementary instrument.

option (discarded): Public employment service as the only recruiter for work abroad
description: A state monopoly on placement abroad; private agencies are banned.
cost: 300000 one-off | 250000 a year
feasibility: 2 3 1 2 2
scores: 1 -2 -2 0 -2
cost bearers: State budget.
benefits: Full state control of placements.
beneficiaries: Job-seekers placed by the service.
assumptions: The employment service can recruit 40 new staff.
risks: Recruitment goes underground; employers abroad stop hiring Kestrians.
reason: ILO Convention No. 181 allows private agencies under regulation; a monopoly would push recruitment underground, the employment service has 14 staff for the whole north, and the Federation of Employers and KTUC both opposed it at the workshop.

option: Pre-departure information and a hotline only
description: Information sessions and a telephone hotline on safe recruitment, without new regulation.
cost: 50000 one-off | 35000 a year
feasibility: 5 5 4 4 5
scores: 1 2 3 1 3
cost bearers: State budget; IOM project.
benefits: Candidates know their rights and the warning signs.
beneficiaries: Job-seekers in the northern provinces.
assumptions: Candidates attend sessions before they sign with a recruiter.
risks: Information alone does not stop recruiters charging fees.

instrument: Regulation licensing private recruitment agencies
kind: regulatory
lead: labour
policy area: labour migration
description: Licence conditions, a ban on fees charged to workers, a financial bond, a public register and sanctions up to withdrawal of the licence.
legal basis: Labour Code, art. 112 (private employment services), as amended; ILO Convention No. 181.
resources: Legal drafter; six labour inspectors; register software.
cost: 140000
time to effect: 18 months
scores: 5 4 5 3 5 2 4 3

action: draft
title: Draft the recruitment-agency licensing regulation with the Law Commission
serves: licens, recruit
dates: 2026-09 to 2027-04
raci: labour:A lawcom:R justice:C interior:C ILO:C foreign:I
output: Draft regulation with explanatory note and impact assessment
indicator: Draft regulation submitted for consultation | yes/no | 0 in 2026 | 1 in 2027 | Law Commission drafting register
cost: 32000
funding: IOM project 'Fair recruitment in Kestria'
milestones: Comparative study (Nov 2026); first draft (Feb 2027)
assumptions: The Law Commission assigns a drafter full time.
risks: The fee ban is contested inside MoLSP.
update: 2026-11-15 | delayed | 0 | member3 | Drafter assigned only in November; comparative study of three licensing laws done, first draft now expected in March.

action: consult
title: Consult employers, trade unions and recruitment agencies on the draft regulation
serves: licens, recruit
after: draft
dates: 2027-05 to 2027-10
raci: labour:A lawcom:R FoE:C KTUC:C AMW:C justice:I
output: Consultation report and revised draft adopted by the minister
indicator: Licensing regulation adopted | yes/no | 0 in 2026 | 1 in 2027 | Official Gazette
cost: 15000
funding: State budget (MoLSP)
milestones: Tripartite hearing (Jun 2027); adoption (Oct 2027)
assumptions: Agencies take part rather than lobby against the text.
risks: Adoption slips into the 2028 budget debate.

action: register
title: Set up the public licence register and joint inspections by the Labour Inspectorate and the Border Police
serves: licens, recruit
after: consult
dates: 2027-11 to 2029-12
raci: labour:A LI:R police:R NATA:C diaspora:I
output: Online register of licensed agencies; annual joint inspection plan
indicator: Recruitment agencies licensed | number | 0 in 2027 | 120 in 2029 | Licence register of MoLSP
cost: 210000
funding: State budget; licence fees from 2028
milestones: Register online (Mar 2028); first 50 licences (Dec 2028)
assumptions: Six inspector posts are funded in the 2028 budget.
risks: Inspections reveal trafficking cases the inspectorate cannot handle.

instrument: Revised bilateral labour agreement with the Federation of Arland
kind: regulatory
lead: foreign
policy area: bilateral agreements
description: Protocol extending the 2019 agreement to construction and care work, with social security portability and recognition of qualifications.
legal basis: Bilateral labour agreement with Arland (2019), art. 14 (amendment by protocol).
resources: Negotiating team of MFA and MoLSP; four negotiation rounds.
cost: 90000
time to effect: 24 months
scores: 4 3 4 2 5 3 4 4

action: arland
title: Negotiate a protocol to the Arland agreement on social security portability and skills recognition
serves: channel, official
dates: 2027-03 to 2028-12
raci: foreign:A labour:R finance:C health:C KTUC:I
output: Protocol signed and sent for ratification
indicator: Sectors open to Kestrian workers under the agreement | number | 1 in 2025 | 3 in 2029 | Text of the agreement and its protocols
cost: 75000
funding: State budget (MFA); EU migration partnership facility
milestones: Mandate approved (Apr 2027); round 3 (Mar 2028)
assumptions: Arland's labour shortages in care persist.
risks: Economic slowdown in Arland shrinks its quotas.

instrument: Pre-departure orientation programme for migrant workers
kind: informational
lead: labour
policy area: labour migration
description: A one-day orientation on contracts, rights, the licence register, remittances and consular help, compulsory for workers placed under an agreement.
resources: Trainers from returnee associations; venues in job centres.
cost: 120000
time to effect: 12 months
scores: 3 4 4 5 4 4 5 5

action: curriculum
title: Design the orientation curriculum with IOM and returnee associations
serves: channel, official
dates: 2027-04 to 2027-09
raci: labour:A IOM:R diaspora:R RSN:C health:C
output: Curriculum, trainer's guide and handbook in two languages
indicator: Orientation curriculum validated | yes/no | 0 in 2026 | 1 in 2027 | Validation workshop report
cost: 24000
funding: IOM project 'Fair recruitment in Kestria'
assumptions: Returnees are willing to act as trainers.
risks: Content goes out of date when the regulation changes.

action: sessions
title: Run orientation sessions in the job centres of the four northern provinces
serves: channel, official
after: curriculum
dates: 2027-10 to 2029-12
raci: labour:A diaspora:R RSN:R NYC:I
output: Monthly sessions in four job centres; hotline number on every handout
indicator: Departing workers who attended an orientation session | people per year | 0 in 2026 | 3000 in 2029 | Attendance lists of the job centres
cost: 96000
funding: State budget (MoLSP); IOM project
assumptions: Candidates hear of the sessions before they sign up.
risks: Sessions reach regular candidates only, not the most at risk.

objective: diaspora
baseline: Four consulates offer diaspora services on an ad hoc basis; diaspora investment gets no support beyond the general investment code.
baseline risks: Remittances keep flowing through informal carriers; few diaspora projects.

option (preferred): Diaspora service desks in consulates and a remittance-matching fund
description: Staffed diaspora desks in the 15 consulates with the largest communities and a fund matching diaspora contributions to local investment projects one to one.
cost: 650000 one-off | 260000 a year
feasibility: 4 3 3 3 4
scores: 3 -1 2 2 3
cost bearers: State budget (MFA, MoFEP); World Bank remittances programme.
benefits: Trust in the State, more formal remittances, local investment.
beneficiaries: Nationals abroad, their home communities.
feasibility note: Desks build on the 23-mission network of the MFA.
assumptions: Diaspora associations co-design the fund's criteria.
risks: Fund captured by well-connected associations.
rationale: Ranked first in the analysis; desks answer the cause 'consulates offer few services' and the fund the effect 'remittances are not invested productively'. The portal becomes part of the desks' work.

option (discarded): Diaspora bond for infrastructure
description: A government bond sold to nationals abroad to finance roads and schools.
cost: 400000 one-off | 50000 a year
feasibility: 3 2 2 2 3
scores: 2 0 -1 0 1
cost bearers: MoFEP; placement fees.
benefits: Cheap long-term financing.
beneficiaries: The State budget; regions with new infrastructure.
assumptions: The diaspora trusts the State with its savings.
risks: Under-subscription damages credibility.
reason: MoFEP advised that a diaspora bond needs a sovereign rating Kestria does not yet have; the diaspora survey 2025 shows low trust in State savings products. Reconsider at the mid-term review in 2029.

option: Online diaspora portal only
description: A portal with consular services, news and a skills roster, without new desks.
cost: 90000 one-off | 30000 a year
feasibility: 5 4 4 4 4
scores: 1 1 3 1 2
cost bearers: State budget (MFA).
benefits: Information reaches nationals in every country.
beneficiaries: Nationals abroad with internet access.
assumptions: Nationals register on the portal.
risks: A portal without staff behind it loses users quickly.

instrument: Diaspora service desks in 15 consulates
kind: organisational
lead: foreign
policy area: diaspora engagement
description: A trained officer per desk offering documents, information on investment and return, and a register of associations.
legal basis: Consular Service Regulation, art. 9 (tasks of missions).
resources: 15 officers (11 redeployed, 4 new); desk budget.
cost: 310000
time to effect: 18 months
scores: 4 3 4 4 5 3 4 5

action: desks
title: Open diaspora desks in the 15 consulates with the largest Kestrian communities
serves: consulate, diaspora
dates: 2027-06 to 2029-03
raci: foreign:A diaspora:R immigration:C KDU:C finance:I
output: 15 desks open with a trained officer and a service charter
indicator: Consulates offering diaspora services | number | 4 in 2025 | 15 in 2029 | MFA consular activity report
cost: 280000
funding: State budget (MFA); Swiss Development Cooperation
milestones: Officers trained (Dec 2027); 8 desks open (Jun 2028)
assumptions: Host countries accept the additional consular staff.
risks: Redeployed officers lack language skills for the diaspora.

instrument: Remittance-matching fund for local investment
kind: financial
lead: finance
policy area: remittances
description: Matches diaspora contributions one to one for local projects (irrigation, clinics, small enterprises), with transparent selection.
legal basis: Public Finance Management Act, art. 33 (special funds).
resources: Fund manager; selection committee with diaspora members.
cost: 500000
time to effect: 24 months
scores: 4 3 4 3 4 2 3 4

action: fund
title: Set up the remittance-matching fund and launch the first call for projects
serves: consulate, diaspora
dates: 2027-09 to 2029-09
raci: finance:A diaspora:R KDU:C ALA:C foreign:I
output: Fund rules adopted; first call for projects published
indicator: Diaspora investment projects co-financed by the fund | number | 0 in 2026 | 25 in 2029 | Fund annual report
cost: 450000
funding: World Bank remittances programme; State budget (MoFEP)
milestones: Fund rules (Jan 2028); first call (Apr 2028)
assumptions: Associations can raise their half of the funding.
risks: Fund captured by a few well-connected associations.

instrument: Campaign on low-cost formal remittance channels
kind: informational
lead: diaspora
policy area: diaspora remittances
description: A yearly fee comparison of money-transfer operators, published through the desks, the portal and diaspora media.
resources: Communication officer; diaspora media partners.
cost: 45000
time to effect: 12 months
scores: 3 5 4 5 4 4 4 5

action: fees
title: Publish a yearly comparison of remittance fees through the consulates and diaspora media
serves: consulate, diaspora
dates: 2028-01 to 2029-12
raci: diaspora:A finance:R KDU:C KBC:I
output: Fee comparison published each year in three languages
indicator: Average fee for sending 200 to Kestria | % of amount sent | 7.8 in 2025 | 5 in 2029 | Yearly fee comparison (World Bank price survey method)
cost: 40000
funding: World Bank remittances programme
assumptions: Operators disclose their full fees.
risks: Informal carriers cut prices in response.
"""

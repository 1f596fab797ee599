-- Built-in trainings and programme templates shared by every organisation (org_id NULL).

INSERT INTO trainings (slug, name, description, kind, validity_months) VALUES
('kasvokkain-method',
 '{"fi": "Kasvokkain-menetelmäkoulutus", "sv": "Metodutbildning i Kasvokkain", "en": "Kasvokkain method training"}',
 '{"fi": "Pakolaisapu ry:n perehdytys vertaistukitoimintaan ja maahanmuuttajien tarpeisiin kehitettyyn Kasvokkain-menetelmään.",
   "sv": "Flyktinghjälpens introduktion till kamratstödsverksamhet och Kasvokkain-metoden, utvecklad för invandrares behov.",
   "en": "Finnish Refugee Council''s introduction to peer support work and the Kasvokkain method, developed for the needs of immigrants."}',
 'method', NULL),
('peer-facilitator-basic',
 '{"fi": "Vertaisryhmäohjaajan peruskoulutus", "sv": "Grundutbildning för kamratgruppsledare", "en": "Peer group facilitator basic training"}',
 '{"fi": "Piirin järjestämä koulutus vapaaehtoisille vertaisryhmien ohjaajille.",
   "sv": "Distriktets utbildning för frivilliga ledare av kamratgrupper.",
   "en": "The district''s training for volunteer peer group facilitators."}',
 'facilitator_basic', 36),
('vahvistin-facilitator',
 '{"fi": "Vahvistin-vertaisryhmän ohjaaminen", "sv": "Att leda en Booster-kamratgrupp", "en": "Facilitating a Vahvistin peer group"}',
 '{"fi": "Perehdytys Vahvistin-vertaisryhmämallin tapaamisiin ja teemoihin.",
   "sv": "Introduktion till Booster-modellens träffar och teman.",
   "en": "An introduction to the meetings and themes of the Vahvistin peer group model."}',
 'method', NULL);

INSERT INTO programme_templates (slug, name, description, max_participants, session_minutes_min, session_minutes_max,
  allowed_modes, hybrid_discouraged, crisis_notice, self_directed_allowed, required_training_id, theme_options) VALUES
('vahvistin',
 '{"fi": "Vahvistin-vertaisryhmämalli", "sv": "Booster-modell för kamratstödsgrupper", "en": "Vahvistin peer group model"}',
 '{"fi": "Työterveyslaitoksen malli vertaisryhmälle, joka tukee mielen hyvinvointia ja vahvistaa voimavaroja. Ryhmä voi olla itseohjautuva tai organisaation järjestämä. Enintään 10 henkilöä, tapaamiseen varataan 2–3 tuntia. Aloitustapaaminen, teematapaamiset ja päättämistapaaminen.",
   "sv": "Arbetshälsoinstitutets modell för en kamratgrupp som stöder det psykiska välbefinnandet och stärker resurserna. Gruppen kan vara självstyrande eller ordnas av en organisation. Högst 10 personer, 2–3 timmar per träff. Startträff, tematräffar och avslutande träff.",
   "en": "The Finnish Institute of Occupational Health''s model for a peer group that supports mental wellbeing and strengthens resources. The group may be self-directed or run by an organisation. At most 10 people, 2–3 hours a meeting. Kickoff meeting, theme meetings and a closing meeting."}',
 10, 120, 180, '{in_person,remote,hybrid}', true, true, true, NULL,
 '[{"key": "work_ability_recovery", "label": {"fi": "Työkyky ja palautuminen", "sv": "Arbetsförmåga och återhämtning", "en": "Work ability and recovery"}},
   {"key": "professional_identity", "label": {"fi": "Ammatti-identiteetti", "sv": "Yrkesidentitet", "en": "Professional identity"}},
   {"key": "self_management_time_use", "label": {"fi": "Itsensä johtaminen ja ajanhallinta", "sv": "Självledarskap och tidshantering", "en": "Self-management and time use"}},
   {"key": "developing_skills", "label": {"fi": "Oman osaamisen kehittäminen ja sanoittaminen", "sv": "Att utveckla och sätta ord på sitt kunnande", "en": "Developing and articulating one''s skills"}},
   {"key": "money", "label": {"fi": "Raha", "sv": "Pengar", "en": "Money"}},
   {"key": "collaboration_psychological_safety", "label": {"fi": "Yhteistyö ja psykologinen turvallisuus", "sv": "Samarbete och psykologisk trygghet", "en": "Collaboration and psychological safety"}},
   {"key": "networks", "label": {"fi": "Verkostot", "sv": "Nätverk", "en": "Networks"}}]'),
('seven-week-course',
 '{"fi": "Seitsemän viikon vertaisryhmä", "sv": "Kamratgrupp i sju veckor", "en": "Seven-week peer group"}',
 '{"fi": "Koottu ryhmä, joka kokoontuu kerran viikossa seitsemän viikon ajan, 1,5 tuntia kerrallaan. Ohjaajat aloittavat Kasvokkain-menetelmäkoulutuksen jälkeen.",
   "sv": "En sammansatt grupp som träffas en gång i veckan i sju veckor, 1,5 timmar åt gången. Ledarna börjar efter metodutbildningen i Kasvokkain.",
   "en": "An assembled group meeting once a week for seven weeks, 1.5 hours at a time. Facilitators start after the Kasvokkain method training."}',
 NULL, 90, 90, '{in_person}', false, false, false,
 (SELECT id FROM trainings WHERE slug = 'kasvokkain-method'), '[]'),
('open-ongoing',
 '{"fi": "Avoin, jatkuva ryhmä", "sv": "Öppen, fortlöpande grupp", "en": "Open ongoing group"}',
 '{"fi": "Avoin ryhmä, johon voi tulla ilman ilmoittautumista. Kokoontuu säännöllisesti toistaiseksi.",
   "sv": "En öppen grupp dit man kan komma utan anmälan. Träffas regelbundet tills vidare.",
   "en": "An open group anyone can come to without registering. Meets regularly until further notice."}',
 NULL, NULL, NULL, '{in_person,remote,hybrid}', false, false, false, NULL, '[]'),
('season',
 '{"fi": "Kauden ryhmä sovitussa paikassa", "sv": "Terminsgrupp på en överenskommen plats", "en": "Season group at an agreed place"}',
 '{"fi": "Ryhmä kokoontuu alueellisesti sovitun kauden ajan samassa, sovitussa paikassa.",
   "sv": "Gruppen träffas regionalt under en överenskommen termin på samma överenskomna plats.",
   "en": "The group meets regionally for an agreed season in the same agreed place."}',
 NULL, NULL, NULL, '{in_person}', false, false, false, NULL, '[]');

INSERT INTO template_sessions (template_id, position, kind, title)
SELECT t.id, s.position, s.kind, s.title::jsonb
FROM programme_templates t,
  (VALUES
    (1, 'kickoff', '{"fi": "Aloitustapaaminen", "sv": "Startträff", "en": "Kickoff meeting"}'),
    (2, 'theme', '{"fi": "Teematapaaminen", "sv": "Tematräff", "en": "Theme meeting"}'),
    (3, 'theme', '{"fi": "Teematapaaminen", "sv": "Tematräff", "en": "Theme meeting"}'),
    (4, 'theme', '{"fi": "Teematapaaminen", "sv": "Tematräff", "en": "Theme meeting"}'),
    (5, 'theme', '{"fi": "Teematapaaminen", "sv": "Tematräff", "en": "Theme meeting"}'),
    (6, 'closing', '{"fi": "Päättämistapaaminen", "sv": "Avslutande träff", "en": "Closing meeting"}')
  ) AS s (position, kind, title)
WHERE t.slug = 'vahvistin';

INSERT INTO template_sessions (template_id, position, kind, title)
SELECT t.id, n, 'regular',
  jsonb_build_object('fi', n || '. tapaaminen', 'sv', 'Träff ' || n, 'en', 'Meeting ' || n)
FROM programme_templates t, generate_series(1, 7) AS n
WHERE t.slug = 'seven-week-course';

-- The complaints of a town by tab: the kept tab counts less the complaints a reader may
-- not see (an elected official, another department) are exact without counting the town.
CREATE INDEX requests_complaints ON requests (municipality_id, tab, department_id) WHERE kind = 'complaint';

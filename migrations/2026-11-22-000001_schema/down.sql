DROP TABLE IF EXISTS outbox, attachments, saved_filters, favorites, history, followups, answers,
    requester_contacts, requests, request_counters, question_options, questions, taxonomy_nodes,
    refresh_tokens, user_grants, departments, users, holidays, municipalities;
DROP FUNCTION IF EXISTS forbid_delete();
DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent;

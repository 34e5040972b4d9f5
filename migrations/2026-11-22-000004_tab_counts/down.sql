DROP TRIGGER request_tab_counts_update ON requests;
DROP TRIGGER request_tab_counts_insert ON requests;
DROP FUNCTION request_tab_counts_update();
DROP FUNCTION request_tab_counts_insert();
DROP TABLE request_tab_counts;

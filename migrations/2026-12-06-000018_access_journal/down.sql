DROP TABLE access_journal;
